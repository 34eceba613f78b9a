// Tiangong dashboard core: strings (zh-CN / en), client-side router, API client, DOM builder, charts, formats.
// Every page module imports this. Nothing here uses innerHTML: user strings always become text nodes.

/* ---------------------------------------------------------------- strings */

const strings = { 'zh-CN': {}, en: {} };
const LANG_KEY = 'tg.lang';

function initialLang() {
  const stored = safeStorage(() => localStorage.getItem(LANG_KEY));
  if (stored === 'zh-CN' || stored === 'en') return stored;
  const nav = (navigator.language || '').toLowerCase();
  return nav.startsWith('en') ? 'en' : 'zh-CN';
}

function safeStorage(f) {
  try { return f(); } catch (e) { return null; }
}

let currentLang = initialLang();

/** Adds translations: addStrings({'zh-CN': {key: text}, en: {key: text}}). */
export function addStrings(map) {
  for (const [lang, entries] of Object.entries(map)) {
    strings[lang] = Object.assign(strings[lang] || {}, entries);
  }
}

/** The text for key in the current language; {name} placeholders are filled from params. */
export function t(key, params) {
  const text = strings[currentLang][key] ?? strings.en[key] ?? strings['zh-CN'][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined || params[name] === null ? '' : String(params[name])));
}

/** The current language: 'zh-CN' or 'en'. */
export function lang() {
  return currentLang;
}

export function setLang(next) {
  if (next !== 'zh-CN' && next !== 'en') return;
  currentLang = next;
  safeStorage(() => localStorage.setItem(LANG_KEY, next));
  document.documentElement.lang = next;
  render();
}

addStrings({
  'zh-CN': {
    appName: '天工', appSub: '工业互联网平台', langZh: '中文', langEn: 'English', logout: '退出',
    loading: '加载中…', notFound: '未找到', notFoundText: '没有这个页面。',
    noAccess: '无权访问', noAccessText: '此页面不存在，或您无权查看。', goHome: '返回首页',
    error: '出错了', errorText: '无法加载数据：{detail}', empty: '暂无数据', updatedAt: '更新于 {time}',
    'state.running': '运行', 'state.idle': '待机', 'state.off': '停机', 'state.setup': '换型', 'state.fault': '故障', 'state.no_data': '无数据',
    'dur.d': '{n}天', 'dur.h': '{n}小时', 'dur.m': '{n}分', 'dur.s': '{n}秒', mainNav: '主导航', skip: '跳到内容',
    'role.plant_manager': '厂长', 'role.bureau': '经信局', 'role.vendor': '设备厂商', 'role.admin': '管理员',
  },
  en: {
    appName: 'Tiangong', appSub: 'Industrial internet platform', langZh: '中文', langEn: 'English', logout: 'Log out',
    loading: 'Loading…', notFound: 'Not found', notFoundText: 'There is no such page.',
    noAccess: 'No access', noAccessText: 'This page does not exist, or you may not see it.', goHome: 'Back to home',
    error: 'Something went wrong', errorText: 'Could not load the data: {detail}', empty: 'No data', updatedAt: 'Updated at {time}',
    'state.running': 'Running', 'state.idle': 'Idle', 'state.off': 'Off', 'state.setup': 'Setup', 'state.fault': 'Fault', 'state.no_data': 'No data',
    'dur.d': '{n} d', 'dur.h': '{n} h', 'dur.m': '{n} min', 'dur.s': '{n} s', mainNav: 'Main navigation', skip: 'Skip to content',
    'role.plant_manager': 'Plant manager', 'role.bureau': 'Bureau', 'role.vendor': 'Vendor', 'role.admin': 'Admin',
  },
});

/* ---------------------------------------------------------------- DOM */

/**
 * el('a', {href: '/x', class: 'btn', onclick: fn, 'aria-label': '…'}, 'text', otherNode, [more, nodes]).
 * Strings and numbers become text nodes; null/undefined/false children are skipped.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled' || k === 'multiple') node[k] = v;
    else if (k === 'for') node.htmlFor = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else if (c instanceof Node) node.appendChild(c);
    else node.appendChild(document.createTextNode(String(c)));
  }
}

/** Removes every child of node and appends the given ones. */
export function replace(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, children);
  return node;
}

/** Appends a message box (kind: 'info' | 'empty' | 'error' | 'ok') to container and returns it. */
export function message(container, kind, text) {
  const box = el('div', { class: ['message', 'message-' + kind], role: kind === 'error' ? 'alert' : 'status' }, text);
  container.appendChild(box);
  return box;
}

/* ---------------------------------------------------------------- formats */

function num(x) {
  return x === null || x === undefined || Number.isNaN(Number(x)) ? null : Number(x);
}

export const fmt = {
  number(x, digits = 0) {
    const v = num(x);
    if (v === null) return '—';
    return new Intl.NumberFormat(currentLang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  },
  percent(x, digits = 1) {
    const v = num(x);
    if (v === null) return '—';
    return new Intl.NumberFormat(currentLang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  },
  dateTime(iso, timeZone) {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(currentLang, {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', timeZone: timeZone || undefined,
    }).format(new Date(iso));
  },
  date(iso, timeZone) {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(currentLang, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: timeZone || undefined })
      .format(new Date(iso));
  },
  /** HH:MM:SS in the given time zone (the plant's), 24-hour clock. */
  time(iso, timeZone) {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(currentLang === 'en' ? 'en-GB' : 'zh-CN', {
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: timeZone || undefined,
    }).format(new Date(iso));
  },
  /** HH:MM in the given time zone, for chart axes. */
  hm(isoOrMillis, timeZone) {
    if (isoOrMillis === null || isoOrMillis === undefined) return '—';
    return new Intl.DateTimeFormat(currentLang === 'en' ? 'en-GB' : 'zh-CN', {
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timeZone || undefined,
    }).format(new Date(isoOrMillis));
  },
  /** 2 h 5 min / 2小时5分; at most the two largest units. */
  duration(seconds) {
    const v = num(seconds);
    if (v === null) return '—';
    let s = Math.max(0, Math.round(v));
    const parts = [];
    const units = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
    for (const [u, size] of units) {
      if (s >= size || (u === 's' && parts.length === 0)) {
        const n = Math.floor(s / size);
        s -= n * size;
        parts.push(t('dur.' + u, { n }));
      }
      if (parts.length === 2) break;
    }
    return parts.join(currentLang === 'en' ? ' ' : '');
  },
};

/** Shows 更新于 / Updated at HH:MM:SS on node (the time in timeZone, or the browser's). */
export function updatedAt(node, isoOrDate, timeZone) {
  const d = isoOrDate instanceof Date ? isoOrDate : new Date(isoOrDate || Date.now());
  node.classList.add('updated-at');
  node.dataset.at = d.toISOString();
  node.textContent = t('updatedAt', { time: fmt.time(d.toISOString(), timeZone) });
  return node;
}

const STATE_CODES = { 0: 'off', 1: 'idle', 2: 'running', 3: 'setup', 4: 'fault' };
// a shape per state, so the badge reads without colour
const STATE_ICONS = { running: '▶', idle: '❚❚', off: '■', setup: '⚙', fault: '✖', no_data: '?' };

/** A badge with colour, shape and word for a machine state ('running', 2, 'no_data', …). */
export function stateBadge(state) {
  let s = typeof state === 'number' ? STATE_CODES[state] : state;
  if (!STATE_ICONS[s]) s = 'no_data';
  return el('span', { class: ['state', 'state-' + s], dataset: { state: s } },
    el('span', { class: 'state-icon', 'aria-hidden': 'true' }, STATE_ICONS[s]), ' ', el('span', { class: 'state-word' }, t('state.' + s)));
}

/* ---------------------------------------------------------------- API */

export class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail || error || ('HTTP ' + status));
    this.status = status;
    this.error = error;
    this.detail = detail;
  }
}

function cookie(name) {
  const hit = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(name + '='));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

function apiUrl(path, query) {
  const base = path.startsWith('/api/') || path === '/health' ? path : '/api/v1' + (path.startsWith('/') ? path : '/' + path);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? base + (base.includes('?') ? '&' : '?') + qs : base;
}

async function request(method, path, { query, body, contentType, raw, quiet } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = cookie('tg_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = contentType || body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(apiUrl(path, query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', t('networkDown'));
  }
  if (response.status === 401 && !quiet) {
    cachedUser = null;
    const here = location.pathname + location.search;
    if (location.pathname !== '/' && location.pathname !== '/login') navigate('/login?next=' + encodeURIComponent(here), { replace: true });
  }
  if (!response.ok) {
    let error = 'http_' + response.status;
    let detail = response.statusText;
    try {
      const j = await response.json();
      error = j.error || error;
      detail = j.detail || detail;
    } catch (e) { /* not JSON */ }
    throw new ApiError(response.status, error, detail);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

addStrings({ 'zh-CN': { networkDown: '无法连接服务器' }, en: { networkDown: 'The server cannot be reached' } });

/** The JSON API; a path without /api/ is taken under /api/v1 (api.get('/lines/x/status')). */
export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body) => request('POST', path, { body: body === undefined ? {} : body }),
  put: (path, body) => request('PUT', path, { body }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
  /** Sends a file (or Blob) as the request body. */
  upload: (path, file, contentType) => request('POST', path, { body: file, contentType }),
  /** Fetches a file and hands it to the browser as a download named filename. */
  async download(path, filename, query) {
    const response = await request('GET', path, { query, raw: true });
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: filename || 'download', class: 'hidden' });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return blob;
  },
};

let cachedUser; // undefined: not asked yet; null: not signed in

/** The signed-in user ({id, username, displayName, role, enterpriseId, vendorId}) or null. */
export async function currentUser() {
  if (cachedUser !== undefined) return cachedUser;
  try {
    cachedUser = await request('GET', '/auth/me', { quiet: true });
  } catch (e) {
    if (e.status === 401) cachedUser = null;
    else throw e;
  }
  return cachedUser;
}

export function setCurrentUser(user) {
  cachedUser = user;
}

export async function logout() {
  try { await request('POST', '/auth/logout', { body: {}, quiet: true }); } catch (e) { /* the session is gone anyway */ }
  cachedUser = null;
  navigate('/login');
}

/** Where a user lands after login: their role's home page. */
export async function homePath(user) {
  if (!user) return '/login';
  switch (user.role) {
    case 'plant_manager': {
      try {
        const plants = user.enterpriseId ? await api.get('/enterprises/' + user.enterpriseId + '/plants') : [];
        if (plants.length > 0) return '/plants/' + plants[0].id;
      } catch (e) { /* fall through to the enterprise-less home */ }
      return '/plants';
    }
    case 'bureau': return '/bureau';
    case 'vendor': return '/connect';
    case 'admin': return '/admin';
    default: return '/no-access';
  }
}

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

/* ---------------------------------------------------------------- table */

/**
 * table([{key, label, format?: (value, row) => string|Node, num?: true, sortable?: false}], rows).
 * Header buttons sort by a column (again: the other way).
 */
export function table(columns, rows) {
  let sortKey = null;
  let ascending = true;
  const tbody = el('tbody');
  const headers = columns.map((c) => {
    const label = t(c.label);
    if (c.sortable === false) return el('th', { scope: 'col', class: c.num ? 'num' : null }, label);
    const th = el('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': 'none' },
      el('button', { type: 'button', class: 'sort', onclick: () => sortBy(c.key, th) }, label));
    return th;
  });
  function sortBy(key, th) {
    ascending = sortKey === key ? !ascending : true;
    sortKey = key;
    headers.forEach((h) => h.setAttribute('aria-sort', 'none'));
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    fill();
  }
  function fill() {
    let list = rows.slice();
    if (sortKey) {
      list.sort((a, b) => {
        const x = a[sortKey];
        const y = b[sortKey];
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), currentLang);
        return ascending ? r : -r;
      });
    }
    replace(tbody, list.length === 0
      ? el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, t('empty')))
      : list.map((row) => el('tr', {}, columns.map((c) => {
        const v = c.format ? c.format(row[c.key], row) : row[c.key];
        return el('td', { class: c.num ? 'num' : null }, v === null || v === undefined ? '—' : v);
      }))));
  }
  fill();
  return el('table', { class: 'table' }, el('thead', {}, el('tr', {}, headers)), tbody);
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
      el('span', { class: 'brand-sub' }, currentLang === 'en' ? 'Tiangong' : t('appSub'))),
    el('nav', { class: 'top-nav', 'aria-label': t('mainNav') }, links),
    el('div', { class: 'top-right' },
      el('div', { class: 'lang-switch', role: 'group', 'aria-label': 'Language / 语言' },
        el('button', { type: 'button', lang: 'zh-CN', 'aria-pressed': String(currentLang === 'zh-CN'), onclick: () => setLang('zh-CN') }, '中文'),
        el('button', { type: 'button', lang: 'en', 'aria-pressed': String(currentLang === 'en'), onclick: () => setLang('en') }, 'English')),
      user ? el('span', { class: 'who' }, user.displayName || user.username, ' · ', t('role.' + user.role)) : null,
      user ? el('button', { type: 'button', class: 'link', onclick: logout }, t('logout')) : null));
}

/** Starts the app: link interception, back/forward, first render. main.js calls this after importing the pages. */
export function start() {
  document.documentElement.lang = currentLang;
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
