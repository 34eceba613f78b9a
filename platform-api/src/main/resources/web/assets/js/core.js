// Tiangong dashboard core: every page module imports what it needs from here (and only from here).
// strings (zh-CN / en), client-side router, API client, DOM builder, charts, formats. Nothing uses innerHTML:
// user strings always become text nodes.
export { addStrings, t, lang, setLang, onLangChange } from './core/i18n.js';
export { el, replace, message, table } from './core/dom.js';
export { fmt, updatedAt, stateBadge } from './core/format.js';
export { api, ApiError, currentUser, setCurrentUser, logout, homePath } from './core/api.js';
export { route, nav, navigate, render, noAccessPage, chart, onLeave, every, start } from './core/router.js';
