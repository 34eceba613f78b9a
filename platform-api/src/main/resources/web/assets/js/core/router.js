// The client-side router (roles, no-access and not-found pages), top navigation, charts and page life cycle.
import { el, message, replace } from './dom.js';
import { lang, onLangChange, setLang, t } from './i18n.js';
import { ApiError, currentUser, logout } from './api.js';

/* ---------------------------------------------------------------- charts */

let pageCharts = [];
let pageCleanups = [];

/** An ECharts instance in container, resized with it and disposed when the page changes. */
export function chart(container, option) {
  if (!window.echarts) {
    message(container, 'error', t('error'));
    return null;
  }
  container.classList.add('chart');
  const instance = window.echarts.init(container, null, { renderer: 'canvas' });
  instance.setOption(Object.assign({ textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' }, animation: false }, option));
  const observer = new ResizeObserver(() => instance.resize());
  observer.observe(container);
  pageCharts.push({ instance, observer });
  return instance;
}

/** Runs fn when the user leaves the current page (close event streams, stop timers). */
export function onLeave(fn) {
  pageCleanups.push(fn);
}

/** setInterval that stops when the page changes. */
export function every(ms, fn) {
  const id = setInterval(fn, ms);
  onLeave(() => clearInterval(id));
  return id;
}

function leavePage() {
  for (const { instance, observer } of pageCharts) {
    observer.disconnect();
    instance.dispose();
  }
  pageCharts = [];
  for (const fn of pageCleanups) {
    try { fn(); } catch (e) { console.warn('cleanup failed', e); }
  }
  pageCleanups = [];
}

/* ---------------------------------------------------------------- router */

const routes = [];
const navItems = [];

/** route('/lines/:lineId/board', {roles: ['plant_manager', 'admin'] | null, title: 'key', render: async (main, params, query) => {}}). */
export function route(pattern, options) {
  const keys = [];
  const source = pattern.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (m, k) => {
    keys.push(k);
    return '([^/]+)';
  });
  routes.push({ pattern, regex: new RegExp('^' + (source || '') + '/?$'), keys, options });
}

/** nav({path: '/bureau' | (user) => path, label: 'key', roles: [...]}) adds a top-navigation item. */
export function nav(item) {
  navItems.push(item);
}

/** Goes to path inside the app without reloading. */
export function navigate(path, { replace: replaceState = false } = {}) {
  if (replaceState) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

function match(path) {
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (m) {
      const params = {};
      r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      return { route: r, params };
    }
  }
  return null;
}

let generation = 0;

/** Draws the page for the current URL (also after a language switch). */
export async function render() {
  const mine = ++generation;
  leavePage();
  const host = document.getElementById('main');
  const main = el('div', { class: 'page' });
  replace(host, main);
  const path = location.pathname;
  const query = Object.fromEntries(new URLSearchParams(location.search));
  const found = match(path);
  let user = null;
  try {
    user = await currentUser();
  } catch (e) {
    user = null;
  }
  if (mine !== generation) return;
  drawTop(user);
  if (!found) {
    document.title = t('notFound') + ' · ' + t('appName');
    return notFoundPage(main);
  }
  const { options } = found.route;
  document.title = (options.title ? t(options.title) + ' · ' : '') + t('appName') + ' Tiangong';
  if (options.roles) {
    if (!user) return navigate('/login?next=' + encodeURIComponent(path + location.search), { replace: true });
    if (!options.roles.includes(user.role)) return noAccessPage(main);
  }
  main.appendChild(el('p', { class: 'loading', role: 'status' }, t('loading')));
  try {
    const content = el('div', { class: 'page-content' });
    await options.render(content, found.params, query, user);
    if (mine !== generation) return;
    replace(main, content);
  } catch (e) {
    if (mine !== generation) return;
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return noAccessPage(main);
    if (e instanceof ApiError && e.status === 401) return;
    console.warn('page failed', e);
    replace(main, el('h1', {}, t('error')));
    message(main, 'error', t('errorText', { detail: e.detail || e.message }));
  }
}

function notFoundPage(main) {
  replace(main, el('h1', {}, t('notFound')), el('p', {}, t('notFoundText')), el('p', {}, el('a', { href: '/' }, t('goHome'))));
}

export function noAccessPage(main) {
  document.title = t('noAccess') + ' · ' + t('appName');
  replace(main, el('section', { class: 'no-access' }, el('h1', {}, t('noAccess')), el('p', {}, t('noAccessText')),
    el('p', {}, el('a', { href: '/' }, t('goHome')))));
}

function drawTop(user) {
  const top = document.getElementById('top');
  const items = navItems.filter((n) => user && (!n.roles || n.roles.includes(user.role)));
  const links = items.map((n) => {
    const path = typeof n.path === 'function' ? n.path(user) : n.path;
    if (!path) return null;
    const active = location.pathname === path || (path !== '/' && location.pathname.startsWith(path + '/'));
    return el('a', { href: path, class: active ? 'active' : null, 'aria-current': active ? 'page' : null }, t(n.label));
  });
  replace(top,
    el('a', { class: 'skip', href: '#main' }, t('skip')),
    el('a', { href: '/', class: 'brand' }, el('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '天工'),
      el('span', { class: 'brand-sub' }, lang() === 'en' ? 'Tiangong' : t('appSub'))),
    el('nav', { class: 'top-nav', 'aria-label': t('mainNav') }, links),
    el('div', { class: 'top-right' },
      el('div', { class: 'lang-switch', role: 'group', 'aria-label': 'Language / 语言' },
        el('button', { type: 'button', lang: 'zh-CN', 'aria-pressed': String(lang() === 'zh-CN'), onclick: () => setLang('zh-CN') }, '中文'),
        el('button', { type: 'button', lang: 'en', 'aria-pressed': String(lang() === 'en'), onclick: () => setLang('en') }, 'English')),
      user ? el('span', { class: 'who' }, user.displayName || user.username, ' · ', t('role.' + user.role)) : null,
      user ? el('button', { type: 'button', class: 'link', onclick: logout }, t('logout')) : null));
}

/** Starts the app: link interception, back/forward, first render. main.js calls this after importing the pages. */
export function start() {
  document.documentElement.lang = lang();
  onLangChange(render);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest ? e.target.closest('a[href]') : null;
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/') || href.startsWith('/assets/')) return;
    e.preventDefault();
    navigate(href);
  });
  window.addEventListener('popstate', () => render());
  render();
}

