// Edge keys (issue 16): a plant's keys for its edge collector (/settings/edge-keys; admin and the plant's manager).
// A key is shown once at creation; it lets the plant's edge collector pull the plant's endpoints and mappings.
import { addStrings, t, route, nav, api, el, replace, message, fmt, table } from '../core.js';

addStrings({
  'zh-CN': {
    'ek.nav': '边缘密钥', 'ek.title': '边缘采集密钥', 'ek.plant': '工厂', 'ek.name': '名称', 'ek.prefix': '前缀', 'ek.createdAt': '创建时间',
    'ek.lastUsed': '最近使用', 'ek.actions': '操作', 'ek.revoke': '吊销', 'ek.revoked': '已吊销', 'ek.create': '新建边缘密钥',
    'ek.once': '请立即复制此密钥，它只显示这一次：',
    'ek.lead': '工厂的边缘采集程序用此密钥从平台拉取本厂的端点和映射（仅本厂，只读）。保存到只有采集程序用户可读的文件，然后运行：',
    'ek.none': '没有可管理的工厂。',
  },
  en: {
    'ek.nav': 'Edge keys', 'ek.title': 'Edge collector keys', 'ek.plant': 'Plant', 'ek.name': 'Name', 'ek.prefix': 'Prefix', 'ek.createdAt': 'Created',
    'ek.lastUsed': 'Last used', 'ek.actions': 'Actions', 'ek.revoke': 'Revoke', 'ek.revoked': 'revoked', 'ek.create': 'Create edge key',
    'ek.once': 'Copy this key now; it is shown only once:',
    'ek.lead': "The plant's edge collector pulls the plant's endpoints and mappings with this key (this plant only, read only). Save it in a file only the collector's user can read, then run:",
    'ek.none': 'No plant to manage.',
  },
});

nav({ path: '/settings/edge-keys', label: 'ek.nav', roles: ['plant_manager'] });
route('/settings/edge-keys', { roles: ['plant_manager', 'admin'], title: 'ek.title', render: edgeKeys });

async function edgeKeys(main, params, query, user) {
  const enterprises = (await api.get('/enterprises'))
    .filter((e) => user.role === 'admin' || e.id === user.enterpriseId);
  const plants = (await Promise.all(enterprises.map((e) => api.get('/enterprises/' + e.id + '/plants')
    .then((ps) => ps.map((p) => ({ id: p.id, label: e.name + ' / ' + p.name })))))).flat();
  main.append(el('h1', {}, t('ek.title')));
  if (plants.length === 0) {
    main.append(el('p', {}, t('ek.none')));
    return;
  }
  const status = el('div', { 'aria-live': 'polite' });
  const list = el('div', { class: 'bu-scroll' });
  const plant = el('select', { id: 'ek-plant' }, plants.map((p) => el('option', { value: p.id }, p.label)));
  const name = el('input', { id: 'ek-name', type: 'text', required: true, maxlength: 100 });
  const draw = async () => {
    const keys = await api.get('/plants/' + plant.value + '/edge-keys');
    replace(list, table([{ key: 'name', label: 'ek.name' }, { key: 'prefix', label: 'ek.prefix' },
      { key: 'createdAt', label: 'ek.createdAt', format: (v) => fmt.dateTime(v) },
      { key: 'lastUsedAt', label: 'ek.lastUsed', format: (v) => fmt.dateTime(v) },
      { key: 'id', label: 'ek.actions', sortable: false, format: (v, k) => (k.revokedAt ? t('ek.revoked') : el('button', { type: 'button', class: 'danger', onclick: async () => {
        try {
          await api.del('/edge-keys/' + k.id);
          await draw();
        } catch (err) {
          message(status, 'error', err.detail || err.message);
        }
      } }, t('ek.revoke'))) }], keys));
  };
  plant.addEventListener('change', () => {
    replace(status);
    draw().catch((err) => message(status, 'error', err.detail || err.message));
  });
  await draw();
  const command = 'tiangong collect --publish mqtts://broker:8883 --config-from ' + location.origin
    + '/api/v1/edge/config --api-key-file /etc/tiangong/edge.key';
  main.append(el('p', { class: 'bu-lead' }, t('ek.lead')), el('pre', {}, el('code', {}, command)),
    el('div', { class: 'toolbar' }, el('label', { for: 'ek-plant' }, t('ek.plant')), plant),
    el('form', { class: 'toolbar', onsubmit: async (e) => {
      e.preventDefault();
      replace(status);
      try {
        const k = await api.post('/plants/' + plant.value + '/edge-keys', { name: name.value.trim() });
        const box = message(status, 'ok', t('ek.once'));
        box.append(' ', el('code', { class: 'ek-key' }, k.key));
        name.value = '';
        await draw();
      } catch (err) {
        message(status, 'error', err.detail || err.message);
      }
    } }, el('label', { for: 'ek-name' }, t('ek.name')), name, el('button', { type: 'submit', class: 'primary' }, t('ek.create'))), status, list);
}
