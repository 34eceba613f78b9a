// Strings in zh-CN and English, the current language and the switch between them.

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
  for (const fn of langListeners) fn();
}

const langListeners = [];

/** Runs fn after every language switch (the router re-renders the page). */
export function onLangChange(fn) {
  langListeners.push(fn);
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

