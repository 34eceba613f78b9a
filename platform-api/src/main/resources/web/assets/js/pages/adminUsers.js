// Admin: users and roles (/admin/users), vendors and grants (/admin/vendors; a plant manager manages its own
// enterprise's grants there too), and one's own API keys (/api-keys, every role).
import { addStrings, t, route, nav, api, el, replace, message, fmt, table, render } from '../core.js';
import { adminTabs } from './admin.js';
import { visibleMachines, machineLabel } from './connect.js';

addStrings({
  'zh-CN': {
    'au.username': '用户名', 'au.displayName': '姓名', 'au.role': '角色', 'au.enterprise': '企业', 'au.vendor': '设备厂商', 'au.status': '状态',
    'au.active': '启用', 'au.disabled': '已停用', 'au.disable': '停用', 'au.enable': '启用', 'au.reset': '重置密码', 'au.newPassword': '新密码（至少 10 个字符）',
    'au.create': '新建用户', 'au.password': '初始密码（至少 10 个字符）', 'au.created': '已创建用户 {name}。', 'au.updated': '已更新 {name}。',
    'au.actions': '操作', 'au.none': '—', 'au.vendorName': '厂商名称', 'au.addVendor': '新建厂商', 'au.grants': '授权', 'au.machine': '设备',
    'au.grantedAt': '授权时间', 'au.grant': '授权', 'au.revoke': '撤销', 'au.grantLead': '厂商只能看到并接入被授权的设备。', 'au.vendorsNav': '厂商授权',
    'au.keyName': '名称', 'au.prefix': '前缀', 'au.createdAt': '创建时间', 'au.expiresAt': '到期时间', 'au.lastUsed': '最近使用', 'au.revoked': '已吊销',
    'au.newKey': '新建 API 密钥', 'au.keyOnce': '请立即复制此密钥，它只显示这一次：', 'au.keysLead': '供采集程序和厂商工具调用 API：请求头 Authorization: ApiKey <密钥>。',
    'au.keysNav': 'API 密钥', 'au.resetDone': '已重置 {name} 的密码；该用户所有已登录的会话失效。',
  },
  en: {
    'au.username': 'User name', 'au.displayName': 'Name', 'au.role': 'Role', 'au.enterprise': 'Enterprise', 'au.vendor': 'Vendor', 'au.status': 'Status',
    'au.active': 'active', 'au.disabled': 'disabled', 'au.disable': 'Disable', 'au.enable': 'Enable', 'au.reset': 'Reset password', 'au.newPassword': 'New password (at least 10 characters)',
    'au.create': 'Create user', 'au.password': 'Initial password (at least 10 characters)', 'au.created': 'User {name} created.', 'au.updated': '{name} updated.',
    'au.actions': 'Actions', 'au.none': '—', 'au.vendorName': 'Vendor name', 'au.addVendor': 'Add vendor', 'au.grants': 'Grants', 'au.machine': 'Machine',
    'au.grantedAt': 'Granted at', 'au.grant': 'Grant', 'au.revoke': 'Revoke', 'au.grantLead': 'A vendor sees and connects only the machines granted to it.', 'au.vendorsNav': 'Vendor grants',
    'au.keyName': 'Name', 'au.prefix': 'Prefix', 'au.createdAt': 'Created', 'au.expiresAt': 'Expires', 'au.lastUsed': 'Last used', 'au.revoked': 'revoked',
    'au.newKey': 'Create API key', 'au.keyOnce': 'Copy this key now; it is shown only once:', 'au.keysLead': 'For collectors and vendor tools calling the API: header Authorization: ApiKey <key>.',
    'au.keysNav': 'API keys', 'au.resetDone': 'Password of {name} reset; every session of that user has ended.',
  },
});

const ROLES = ['plant_manager', 'bureau', 'vendor', 'admin'];
nav({ path: '/admin/vendors', label: 'au.vendorsNav', roles: ['plant_manager'] });
nav({ path: '/api-keys', label: 'au.keysNav', roles: ['vendor'] });
route('/admin/users', { roles: ['admin'], title: 'ad.users', render: users });
route('/admin/vendors', { roles: ['admin', 'plant_manager'], title: 'ad.vendors', render: vendors });
route('/api-keys', { roles: ROLES, title: 'ad.apiKeys', render: apiKeys });

function input(id, type, extra) {
  return el('input', Object.assign({ id, type }, extra || {}));
}

function labelled(id, label, control) {
  return el('div', {}, el('label', { for: id }, t(label)), control);
}

async function users(main) {
  const [enterprises, vendorsList] = await Promise.all([api.get('/enterprises'), api.get('/vendors')]);
  const entName = Object.fromEntries(enterprises.map((e) => [e.id, e.name]));
  const venName = Object.fromEntries(vendorsList.map((v) => [v.id, v.name]));
  const status = el('div', { 'aria-live': 'polite' });
  const list = el('div', { class: 'bu-scroll' });
  const act = async (u, patch, done) => {
    replace(status);
    try {
      await api.patch('/users/' + u.id, patch);
      message(status, 'ok', done);
      await draw();
    } catch (err) {
      message(status, 'error', err.detail || err.message);
    }
  };
  const actions = (u) => {
    const pw = input('au-pw-' + u.id, 'password', { autocomplete: 'new-password', 'aria-label': t('au.newPassword') + ' — ' + u.username, class: 'au-pw' });
    return el('div', { class: 'au-actions' },
      el('button', { type: 'button', class: u.disabled ? 'secondary' : 'danger', onclick: () => act(u, { disabled: !u.disabled }, t('au.updated', { name: u.username })) },
        u.disabled ? t('au.enable') : t('au.disable')),
      pw, el('button', { type: 'button', class: 'secondary', onclick: () => act(u, { password: pw.value }, t('au.resetDone', { name: u.username })) }, t('au.reset')));
  };
  // redraws the table only, so the message about the last change stays in view
  async function draw() {
    const users = await api.get('/users');
    replace(list, table([
      { key: 'username', label: 'au.username' }, { key: 'displayName', label: 'au.displayName' },
      { key: 'role', label: 'au.role', format: (v) => t('role.' + v) },
      { key: 'enterpriseId', label: 'au.enterprise', format: (v) => (v ? entName[v] || v : t('au.none')) },
      { key: 'vendorId', label: 'au.vendor', format: (v) => (v ? venName[v] || v : t('au.none')) },
      { key: 'disabled', label: 'au.status', format: (v) => (v ? t('au.disabled') : t('au.active')) },
      { key: 'createdAt', label: 'au.createdAt', format: (v) => fmt.date(v) },
      { key: 'id', label: 'au.actions', sortable: false, format: (v, u) => actions(u) },
    ], users));
  }
  await draw();
  main.append(adminTabs('/admin/users'), el('h1', {}, t('ad.users')), status, list);

  const f = {
    username: input('au-username', 'text', { required: true, maxlength: 64, autocomplete: 'off' }),
    displayName: input('au-display', 'text', { required: true, maxlength: 100 }),
    role: el('select', { id: 'au-role' }, ROLES.map((r) => el('option', { value: r }, t('role.' + r)))),
    enterprise: el('select', { id: 'au-ent' }, el('option', { value: '' }, t('au.none')), enterprises.map((e) => el('option', { value: e.id }, e.name))),
    vendor: el('select', { id: 'au-ven' }, el('option', { value: '' }, t('au.none')), vendorsList.map((v) => el('option', { value: v.id }, v.name))),
    password: input('au-password', 'password', { required: true, minlength: 10, autocomplete: 'new-password' }),
  };
  const createStatus = el('div', { 'aria-live': 'polite' });
  main.append(el('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    replace(createStatus);
    const body = { username: f.username.value.trim(), displayName: f.displayName.value.trim(), role: f.role.value, password: f.password.value };
    if (f.enterprise.value) body.enterpriseId = f.enterprise.value;
    if (f.vendor.value) body.vendorId = f.vendor.value;
    try {
      await api.post('/users', body);
      message(createStatus, 'ok', t('au.created', { name: body.username }));
      f.password.value = '';
      await draw();
    } catch (err) {
      message(createStatus, 'error', err.detail || err.message);
    }
  } }, el('h2', {}, t('au.create')),
  el('div', { class: 'form-row' }, labelled('au-username', 'au.username', f.username), labelled('au-display', 'au.displayName', f.displayName),
    labelled('au-role', 'au.role', f.role), labelled('au-ent', 'au.enterprise', f.enterprise), labelled('au-ven', 'au.vendor', f.vendor),
    labelled('au-password', 'au.password', f.password), el('button', { type: 'submit', class: 'primary' }, t('au.create'))), createStatus));
}

async function vendors(main, params, query, user) {
  const [vendorList, enterprises, machines] = await Promise.all([api.get('/vendors'), api.get('/enterprises'), visibleMachines()]);
  const status = el('div', { 'aria-live': 'polite' });
  main.append(user.role === 'admin' ? adminTabs('/admin/vendors') : null, el('h1', {}, t('ad.vendors')), el('p', { class: 'bu-lead' }, t('au.grantLead')), status);
  if (user.role === 'admin') {
    const name = input('au-vname', 'text', { required: true, maxlength: 100 });
    main.append(el('form', { class: 'toolbar', onsubmit: async (e) => {
      e.preventDefault();
      replace(status);
      try {
        await api.post('/vendors', { name: name.value.trim() });
        render();
      } catch (err) {
        message(status, 'error', err.detail || err.message);
      }
    } }, el('label', { for: 'au-vname' }, t('au.vendorName')), name, el('button', { type: 'submit', class: 'primary' }, t('au.addVendor'))));
  }
  const mine = user.role === 'admin' ? enterprises : enterprises.filter((e) => e.id === user.enterpriseId);
  for (const e of mine) {
    const grants = await api.get('/enterprises/' + e.id + '/grants');
    const own = machines.filter((x) => x.enterprise.id === e.id);
    const label = Object.fromEntries(own.map((x) => [x.machine.id, machineLabel(x)]));
    const vendorSel = el('select', { id: 'au-gv-' + e.id }, vendorList.map((v) => el('option', { value: v.id }, v.name)));
    const machineSel = el('select', { id: 'au-gm-' + e.id }, own.map((x) => el('option', { value: x.machine.id }, machineLabel(x))));
    main.append(el('section', { class: 'panel' }, el('h2', {}, e.name, ' — ', t('au.grants')),
      table([{ key: 'vendorName', label: 'au.vendor' }, { key: 'machineId', label: 'au.machine', format: (v) => label[v] || v },
        { key: 'grantedAt', label: 'au.grantedAt', format: (v) => fmt.dateTime(v) },
        { key: 'vendorId', label: 'au.actions', sortable: false, format: (v, g) => el('button', { type: 'button', class: 'danger', onclick: async () => {
          try {
            await api.del('/enterprises/' + e.id + '/grants/' + g.vendorId + '/' + g.machineId);
            render();
          } catch (err) {
            message(status, 'error', err.detail || err.message);
          }
        } }, t('au.revoke')) }], grants),
      own.length === 0 || vendorList.length === 0 ? null : el('form', { class: 'form-row', onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          await api.post('/enterprises/' + e.id + '/grants', { vendorId: vendorSel.value, machineId: machineSel.value });
          render();
        } catch (err) {
          message(status, 'error', err.detail || err.message);
        }
      } }, labelled('au-gv-' + e.id, 'au.vendor', vendorSel), labelled('au-gm-' + e.id, 'au.machine', machineSel),
      el('button', { type: 'submit', class: 'primary' }, t('au.grant')))));
  }
}

async function apiKeys(main, params, query, user) {
  const status = el('div', { 'aria-live': 'polite' });
  const list = el('div', { class: 'bu-scroll' });
  const name = input('au-kname', 'text', { required: true, maxlength: 100 });
  const draw = async () => {
    const keys = await api.get('/api-keys');
    replace(list, table([{ key: 'name', label: 'au.keyName' }, { key: 'prefix', label: 'au.prefix' },
      { key: 'createdAt', label: 'au.createdAt', format: (v) => fmt.dateTime(v) }, { key: 'expiresAt', label: 'au.expiresAt', format: (v) => fmt.dateTime(v) },
      { key: 'lastUsedAt', label: 'au.lastUsed', format: (v) => fmt.dateTime(v) },
      { key: 'id', label: 'au.actions', sortable: false, format: (v, k) => (k.revokedAt ? t('au.revoked') : el('button', { type: 'button', class: 'danger', onclick: async () => {
        try {
          await api.del('/api-keys/' + k.id);
          await draw();
        } catch (err) {
          message(status, 'error', err.detail || err.message);
        }
      } }, t('au.revoke'))) }], keys));
  };
  await draw();
  main.append(user.role === 'admin' ? adminTabs('/api-keys') : null, el('h1', {}, t('ad.apiKeys')), el('p', { class: 'bu-lead' }, t('au.keysLead')),
    el('form', { class: 'toolbar', onsubmit: async (e) => {
      e.preventDefault();
      replace(status);
      try {
        const k = await api.post('/api-keys', { name: name.value.trim() });
        const box = message(status, 'ok', t('au.keyOnce'));
        box.append(' ', el('code', { class: 'au-key' }, k.key));
        name.value = '';
        await draw();
      } catch (err) {
        message(status, 'error', err.detail || err.message);
      }
    } }, el('label', { for: 'au-kname' }, t('au.keyName')), name, el('button', { type: 'submit', class: 'primary' }, t('au.newKey'))), status, list);
}
