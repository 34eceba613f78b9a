// The JSON API client (CSRF header, ApiError, 401 → login), the signed-in user and each role's home.
import { el } from './dom.js';
import { addStrings, t } from './i18n.js';
import { navigate } from './router.js';

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

