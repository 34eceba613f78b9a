// Admin pages: /admin (enterprises and plants, signing-key rotation) and /admin/audit (the audit log).
// Users, vendors and grants, API keys: adminUsers.js.
import { addStrings, t, route, nav, api, el, replace, message, fmt, updatedAt, table, navigate } from '../core.js';
import { adminEnterpriseForms } from './topology.js';

addStrings({
  'zh-CN': {
    'ad.nav': '系统管理', 'ad.title': '系统管理', 'ad.lead': '用户与角色、设备厂商与授权、API 密钥、签名密钥、审计日志、企业与工厂。',
    'ad.users': '用户与角色', 'ad.vendors': '设备厂商与授权', 'ad.apiKeys': 'API 密钥', 'ad.audit': '审计日志', 'ad.enterprises': '企业与工厂',
    'ad.code': '代码', 'ad.name': '名称', 'ad.plants': '工厂', 'ad.lines': '产线', 'ad.timeZone': '时区',
    'ad.keys': '令牌签名密钥', 'ad.keysLead': '轮换后新密钥签发令牌；旧密钥继续验证，直到它签发的令牌全部过期。', 'ad.rotate': '轮换签名密钥',
    'ad.rotated': '新签名密钥：{id}', 'ad.at': '时间', 'ad.actor': '操作人', 'ad.action': '操作', 'ad.target': '对象', 'ad.detail': '详情',
    'ad.remote': '来源地址', 'ad.filter': '按操作筛选', 'ad.limit': '条数', 'ad.show': '显示', 'ad.open': '打开',
  },
  en: {
    'ad.nav': 'Admin', 'ad.title': 'Administration', 'ad.lead': 'Users and roles, vendors and grants, API keys, signing keys, the audit log, enterprises and plants.',
    'ad.users': 'Users and roles', 'ad.vendors': 'Vendors and grants', 'ad.apiKeys': 'API keys', 'ad.audit': 'Audit log', 'ad.enterprises': 'Enterprises and plants',
    'ad.code': 'Code', 'ad.name': 'Name', 'ad.plants': 'Plants', 'ad.lines': 'Lines', 'ad.timeZone': 'Time zone',
    'ad.keys': 'Token signing keys', 'ad.keysLead': 'After a rotation the new key signs tokens; older keys keep verifying until every token they signed has expired.', 'ad.rotate': 'Rotate the signing key',
    'ad.rotated': 'New signing key: {id}', 'ad.at': 'Time', 'ad.actor': 'By', 'ad.action': 'Action', 'ad.target': 'Object', 'ad.detail': 'Detail',
    'ad.remote': 'From', 'ad.filter': 'Filter by action', 'ad.limit': 'Rows', 'ad.show': 'Show', 'ad.open': 'Open',
  },
});

const ADMIN = ['admin'];
nav({ path: '/admin', label: 'ad.nav', roles: ADMIN });
route('/admin', { roles: ADMIN, title: 'ad.title', render: home });
route('/admin/audit', { roles: ADMIN, title: 'ad.audit', render: audit });

/** The admin pages' sub-navigation. */
export function adminTabs(current) {
  const tabs = [['/admin', 'ad.enterprises'], ['/admin/users', 'ad.users'], ['/admin/vendors', 'ad.vendors'], ['/api-keys', 'ad.apiKeys'], ['/admin/audit', 'ad.audit']];
  return el('nav', { class: 'ad-tabs', 'aria-label': t('ad.title') }, tabs.map(([path, label]) =>
    el('a', { href: path, class: path === current ? 'active' : null, 'aria-current': path === current ? 'page' : null }, t(label))));
}

async function home(main) {
  const enterprises = await api.get('/enterprises');
  const plants = await Promise.all(enterprises.map((e) => api.get('/enterprises/' + e.id + '/plants')));
  main.append(adminTabs('/admin'), el('div', { class: 'page-head' }, el('h1', {}, t('ad.title')), updatedAt(el('span'), new Date())),
    el('p', { class: 'bu-lead' }, t('ad.lead')));
  const rows = [];
  enterprises.forEach((e, i) => {
    if (plants[i].length === 0) rows.push({ ecode: e.code, ename: e.name, eid: e.id });
    for (const p of plants[i]) rows.push({ ecode: e.code, ename: e.name, eid: e.id, pid: p.id, pcode: p.code, pname: p.name, tz: p.timeZone });
  });
  main.append(el('section', { class: 'panel', 'aria-labelledby': 'ad-ent' }, el('h2', { id: 'ad-ent' }, t('ad.enterprises')),
    el('div', { class: 'bu-scroll' }, table([
      { key: 'ecode', label: 'ad.code' },
      { key: 'ename', label: 'ad.name', format: (v, r) => el('a', { href: '/bureau/enterprises/' + encodeURIComponent(r.eid) }, v) },
      { key: 'pcode', label: 'ad.plants', format: (v, r) => (r.pid ? el('span', {}, el('a', { href: '/plants/' + encodeURIComponent(r.pid) }, v + ' ' + r.pname), ' · ',
        el('a', { href: '/settings/topology?plant=' + encodeURIComponent(r.pid) }, t('tp.nav'))) : '—') },
      { key: 'tz', label: 'ad.timeZone' },
    ], rows)),
    adminEnterpriseForms(enterprises, () => { replace(main); home(main); })));

  const keyStatus = el('div', { 'aria-live': 'polite' });
  main.append(el('section', { class: 'panel', 'aria-labelledby': 'ad-keys' }, el('h2', { id: 'ad-keys' }, t('ad.keys')),
    el('p', { class: 'bu-note' }, t('ad.keysLead')),
    el('button', { type: 'button', class: 'secondary', onclick: async (e) => {
      e.target.disabled = true;
      replace(keyStatus);
      try {
        const r = await api.post('/auth/keys/rotate', {});
        message(keyStatus, 'ok', t('ad.rotated', { id: r.signingKeyId }));
      } catch (err) {
        message(keyStatus, 'error', err.detail || err.message);
      } finally {
        e.target.disabled = false;
      }
    } }, t('ad.rotate')), keyStatus));
}

async function audit(main, params, query) {
  const limit = Math.min(Math.max(Number(query.limit) || 100, 1), 1000);
  const rows = await api.get('/audit', { limit, action: query.action });
  const action = el('input', { id: 'ad-action', type: 'text', value: query.action || '', placeholder: 'login_failed' });
  const lim = el('input', { id: 'ad-limit', type: 'number', min: 1, max: 1000, value: String(limit) });
  main.append(adminTabs('/admin/audit'), el('div', { class: 'page-head' }, el('h1', {}, t('ad.audit')), updatedAt(el('span'), new Date())),
    el('form', { class: 'toolbar', onsubmit: (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      if (action.value.trim()) q.set('action', action.value.trim());
      q.set('limit', lim.value);
      navigate('/admin/audit?' + q.toString());
    } }, el('label', { for: 'ad-action' }, t('ad.filter')), action, el('label', { for: 'ad-limit' }, t('ad.limit')), lim,
    el('button', { type: 'submit', class: 'primary' }, t('ad.show'))),
    el('div', { class: 'bu-scroll' }, table([
      { key: 'at', label: 'ad.at', format: (v) => fmt.dateTime(v) },
      { key: 'actorName', label: 'ad.actor' },
      { key: 'action', label: 'ad.action' },
      { key: 'target', label: 'ad.target' },
      { key: 'detail', label: 'ad.detail', sortable: false, format: (v) => (v === null || v === undefined ? '' : el('code', { class: 'ad-detail' }, typeof v === 'string' ? v : JSON.stringify(v))) },
      { key: 'remoteAddr', label: 'ad.remote' },
    ], rows)));
}
