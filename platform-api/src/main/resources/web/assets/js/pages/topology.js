// Topology editing without SQL (issue 13): the admin's enterprise/plant forms on /admin (adminEnterpriseForms) and the
// plant manager's /settings/topology (plant name and time zone, lines, machines, ideal cycle times, retiring a machine).
import { addStrings, api, currentUser, el, message, nav, replace, route, t, table, updatedAt } from '../core.js';
import { settingsPlant, zonedToIso } from './plantdata.js';

addStrings({
  'zh-CN': {
    'tp.entCode': '企业代码', 'tp.entName': '企业名称', 'tp.plantCode': '工厂代码', 'tp.plantName': '工厂名称', 'tp.lineCode': '产线代码', 'tp.lineName': '产线名称', 'tp.lineRename': '修改产线名称', 'tp.machineCode': '设备代码', 'tp.machineName': '设备名称',
    'tp.nav': '产线与设备', 'tp.title': '产线与设备', 'tp.plant': '工厂', 'tp.code': '代码', 'tp.name': '名称', 'tp.timeZone': '时区',
    'tp.kind': '类型', 'tp.model': '型号', 'tp.ideal': '理想节拍（秒）', 'tp.rated': '额定功率（kW）', 'tp.setRated': '设定功率', 'tp.effective': '生效时间（工厂时间，空 = 现在）',
    'tp.save': '保存', 'tp.saved': '已保存。', 'tp.addLine': '添加产线', 'tp.addMachine': '添加设备', 'tp.lines': '产线', 'tp.machines': '设备',
    'tp.retire': '停用', 'tp.retired': '已停用', 'tp.active': '在用', 'tp.status': '状态', 'tp.actions': '操作', 'tp.setIdeal': '设定节拍',
    'tp.retireConfirm': '停用设备 {name}？它的历史数据和 OEE 仍可查看；映射会被移除，之后不再采集新数据。',
    'tp.codeHelp': '代码：1–64 个字母、数字、点、下划线或减号，以字母或数字开头；同一上级下不能重复。',
    'tp.taken': '代码已被占用：{detail}', 'tp.bad': '输入有误：{detail}', 'tp.failed': '操作失败：{detail}',
    'tp.noLines': '还没有产线。', 'tp.readOnly': '只有本企业的厂长和管理员可以修改。', 'tp.board': '看板',
    'kind.cnc': '数控机床', 'kind.press': '冲压机', 'kind.welder': '焊机', 'kind.furnace': '热处理炉',
    'tp.newEnterprise': '新建企业', 'tp.newPlant': '新建工厂', 'tp.enterprise': '企业', 'tp.created': '已创建 {name}。',
    'tp.managerHint': '为企业创建厂长账号：在"用户与角色"中新建用户，角色选"厂长"，并选择企业。', 'tp.toUsers': '去创建厂长账号',
  },
  en: {
    'tp.entCode': 'Enterprise code', 'tp.entName': 'Enterprise name', 'tp.plantCode': 'Plant code', 'tp.plantName': 'Plant name', 'tp.lineCode': 'Line code', 'tp.lineName': 'Line name', 'tp.lineRename': 'Rename line', 'tp.machineCode': 'Machine code', 'tp.machineName': 'Machine name',
    'tp.nav': 'Lines and machines', 'tp.title': 'Lines and machines', 'tp.plant': 'Plant', 'tp.code': 'Code', 'tp.name': 'Name', 'tp.timeZone': 'Time zone',
    'tp.kind': 'Kind', 'tp.model': 'Model', 'tp.ideal': 'Ideal cycle time (s)', 'tp.rated': 'Rated power (kW)', 'tp.setRated': 'Set power', 'tp.effective': 'Effective from (plant time, empty = now)',
    'tp.save': 'Save', 'tp.saved': 'Saved.', 'tp.addLine': 'Add line', 'tp.addMachine': 'Add machine', 'tp.lines': 'Lines', 'tp.machines': 'Machines',
    'tp.retire': 'Retire', 'tp.retired': 'retired', 'tp.active': 'in use', 'tp.status': 'Status', 'tp.actions': 'Actions', 'tp.setIdeal': 'Set cycle time',
    'tp.retireConfirm': 'Retire machine {name}? Its history and OEE stay readable; its mappings are removed, so no new data is collected.',
    'tp.codeHelp': 'Code: 1–64 letters, digits, dots, underscores or hyphens, starting with a letter or digit; unique under its parent.',
    'tp.taken': 'That code is taken: {detail}', 'tp.bad': 'Please check the input: {detail}', 'tp.failed': 'Failed: {detail}',
    'tp.noLines': 'No lines yet.', 'tp.readOnly': 'Only the enterprise\'s plant manager and admins may change it.', 'tp.board': 'Board',
    'kind.cnc': 'CNC machine', 'kind.press': 'Press', 'kind.welder': 'Welder', 'kind.furnace': 'Furnace',
    'tp.newEnterprise': 'New enterprise', 'tp.newPlant': 'New plant', 'tp.enterprise': 'Enterprise', 'tp.created': '{name} created.',
    'tp.managerHint': 'To give an enterprise a plant manager: create a user under "Users and roles" with the role plant manager and the enterprise.', 'tp.toUsers': 'Create a plant manager account',
  },
});

const KINDS = ['cnc', 'press', 'welder', 'furnace'];
const COMMON_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi', 'Asia/Tokyo', 'Asia/Singapore', 'Asia/Bangkok',
  'Asia/Kolkata', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'UTC'];

nav({ path: '/settings/topology', label: 'tp.nav', roles: ['plant_manager'] });
route('/settings/topology', { roles: ['plant_manager', 'admin'], title: 'tp.title', render: topologyPage });

let ids = 0;
// the success message of a write whose page is then drawn again (shown once by the redrawn page)
let flash = null;
function showFlash(status) { if (flash) message(status, 'ok', flash); flash = null; }
function field(labelKey, input) {
  input.id = input.id || 'tp' + (++ids);
  return el('div', {}, el('label', { for: input.id }, t(labelKey)), input);
}

/** An API failure in words: 409 a taken code, 400 with its detail. */
export function explain(err) {
  const detail = err.detail || err.message;
  if (err.status === 409) return t('tp.taken', { detail });
  if (err.status === 400) return t('tp.bad', { detail });
  return t('tp.failed', { detail });
}

export function zoneSelect(current) {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = [...new Set([...COMMON_ZONES, ...(current ? [current] : []), ...all])];
  return el('select', {}, zones.map((z) => el('option', { value: z, selected: z === (current || 'Asia/Shanghai') }, z)));
}

function textInput(value, extra) {
  return el('input', Object.assign({ type: 'text', value: value || '' }, extra || {}));
}

/** Runs a write and reports it in status; true when it worked. */
async function attempt(status, write, okText) {
  replace(status);
  try {
    await write();
    flash = okText || t('tp.saved');
    message(status, 'ok', flash);
    return true;
  } catch (err) {
    message(status, 'error', explain(err));
    return false;
  }
}

/** The admin's forms: a new enterprise, and a new plant for a chosen enterprise. */
export function adminEnterpriseForms(enterprises, reload) {
  const status = el('div', { role: 'status', 'aria-live': 'polite' });
  showFlash(status);
  const eCode = textInput('', { required: true, maxlength: 64 }), eName = textInput('', { required: true, maxlength: 100 });
  const entForm = el('form', { class: 'form-row', onsubmit: async (e) => {
    e.preventDefault();
    if (await attempt(status, () => api.post('/enterprises', { code: eCode.value.trim(), name: eName.value.trim() }),
      t('tp.created', { name: eName.value.trim() }))) reload();
  } }, field('tp.entCode', eCode), field('tp.entName', eName), el('button', { type: 'submit', class: 'primary' }, t('tp.newEnterprise')));
  const ent = el('select', {}, enterprises.map((x) => el('option', { value: x.id }, x.name + ' (' + x.code + ')')));
  const pCode = textInput('', { required: true, maxlength: 64 }), pName = textInput('', { required: true, maxlength: 100 }), pZone = zoneSelect();
  const plantForm = enterprises.length === 0 ? null : el('form', { class: 'form-row', onsubmit: async (e) => {
    e.preventDefault();
    if (await attempt(status, () => api.post('/enterprises/' + ent.value + '/plants',
      { code: pCode.value.trim(), name: pName.value.trim(), timeZone: pZone.value }), t('tp.created', { name: pName.value.trim() }))) reload();
  } }, field('tp.enterprise', ent), field('tp.plantCode', pCode), field('tp.plantName', pName), field('tp.timeZone', pZone),
  el('button', { type: 'submit', class: 'primary' }, t('tp.newPlant')));
  return el('div', {}, el('h3', {}, t('tp.newEnterprise')), entForm, el('h3', {}, t('tp.newPlant')), plantForm,
    el('p', { class: 'bu-note' }, t('tp.codeHelp')),
    el('p', { class: 'bu-note' }, t('tp.managerHint'), ' ', el('a', { href: '/admin/users' }, t('tp.toUsers'))), status);
}

async function topologyPage(main, params, query) {
  const user = await currentUser();
  const plant = await settingsPlant(query);
  const mayEdit = user.role === 'admin' || (user.role === 'plant_manager' && user.enterpriseId === plant.enterpriseId);
  const lines = await api.get('/plants/' + plant.id + '/lines');
  const machines = await Promise.all(lines.map((l) => api.get('/lines/' + l.id + '/machines')));
  const status = el('div', { role: 'status', 'aria-live': 'polite' });
  showFlash(status);
  const reload = () => { replace(main); topologyPage(main, params, query); };
  main.append(el('p', { class: 'breadcrumb' }, el('a', { href: '/plants/' + plant.id }, plant.name)),
    el('div', { class: 'page-head' }, el('h1', {}, t('tp.title')), updatedAt(el('span'), new Date(), plant.timeZone)), status);
  if (!mayEdit) message(main, 'info', t('tp.readOnly'));

  const pName = textInput(plant.name, { required: true, maxlength: 100 }), pZone = zoneSelect(plant.timeZone);
  main.append(el('section', { class: 'panel' }, el('h2', {}, t('tp.plant') + ' ' + plant.code),
    el('form', { class: 'form-row', onsubmit: async (e) => {
      e.preventDefault();
      if (await attempt(status, () => api.patch('/plants/' + plant.id, { name: pName.value.trim(), timeZone: pZone.value }))) reload();
    } }, field('tp.plantName', pName), field('tp.timeZone', pZone), mayEdit ? el('button', { type: 'submit', class: 'primary' }, t('tp.save')) : null)));

  const lCode = textInput('', { required: true, maxlength: 64 }), lName = textInput('', { required: true, maxlength: 100 });
  main.append(el('section', { class: 'panel' }, el('h2', {}, t('tp.lines')), lines.length === 0 ? el('p', {}, t('tp.noLines')) : null,
    mayEdit ? el('form', { class: 'form-row', onsubmit: async (e) => {
      e.preventDefault();
      if (await attempt(status, () => api.post('/plants/' + plant.id + '/lines', { code: lCode.value.trim(), name: lName.value.trim() }))) reload();
    } }, field('tp.lineCode', lCode), field('tp.lineName', lName), el('button', { type: 'submit', class: 'primary' }, t('tp.addLine'))) : null,
    el('p', { class: 'bu-note' }, t('tp.codeHelp'))));
  lines.forEach((line, i) => main.append(lineSection(line, machines[i], plant, mayEdit, status, reload)));
}

function lineSection(line, machines, plant, mayEdit, status, reload) {
  const name = textInput(line.name, { required: true, maxlength: 100 });
  const rows = machines.map((m) => Object.assign({}, m));
  const mCode = textInput('', { required: true, maxlength: 64 }), mName = textInput('', { required: true, maxlength: 100 });
  const kind = el('select', {}, KINDS.map((k) => el('option', { value: k }, t('kind.' + k))));
  const model = textInput('', { maxlength: 100 });
  const ideal = el('input', { type: 'number', min: '0.001', max: '86400', step: 'any' });
  const rated = el('input', { type: 'number', min: '0.001', max: '999999', step: 'any' });
  return el('section', { class: 'panel' }, el('h2', {}, t('tp.lines') + ' ' + line.code + ' · ' + line.name, ' ',
    el('a', { href: '/lines/' + line.id + '/board' }, t('tp.board'))),
  mayEdit ? el('form', { class: 'form-row', onsubmit: async (e) => {
    e.preventDefault();
    if (await attempt(status, () => api.patch('/lines/' + line.id, { name: name.value.trim() }))) reload();
  } }, field('tp.lineRename', name), el('button', { type: 'submit', class: 'secondary' }, t('tp.save'))) : null,
  el('div', { class: 'bu-scroll' }, table([
    { key: 'code', label: 'tp.code' }, { key: 'name', label: 'tp.name', format: (v, m) => el('a', { href: '/machines/' + m.id }, v) },
    { key: 'kind', label: 'tp.kind', format: (v) => t('kind.' + v) }, { key: 'model', label: 'tp.model', format: (v) => v || '—' },
    { key: 'idealCycleTimeSeconds', label: 'tp.ideal', num: true, format: (v) => (v == null ? '—' : String(v)) },
    { key: 'ratedPowerKw', label: 'tp.rated', num: true, format: (v) => (v == null ? '—' : String(v)) },
    { key: 'id', label: 'tp.actions', sortable: false, format: (v, m) => (mayEdit ? machineActions(m, plant, status, reload) : '') },
  ], rows)),
  mayEdit ? el('form', { class: 'form-row', onsubmit: async (e) => {
    e.preventDefault();
    const body = { code: mCode.value.trim(), name: mName.value.trim(), kind: kind.value };
    if (model.value.trim()) body.model = model.value.trim();
    if (ideal.value) body.idealCycleTimeSeconds = Number(ideal.value);
    if (rated.value) body.ratedPowerKw = Number(rated.value);
    if (await attempt(status, () => api.post('/lines/' + line.id + '/machines', body))) reload();
  } }, field('tp.machineCode', mCode), field('tp.machineName', mName), field('tp.kind', kind), field('tp.model', model), field('tp.ideal', ideal), field('tp.rated', rated),
  el('button', { type: 'submit', class: 'primary' }, t('tp.addMachine'))) : null);
}

function machineActions(m, plant, status, reload) {
  const seconds = el('input', { type: 'number', min: '0.001', max: '86400', step: 'any', value: m.idealCycleTimeSeconds == null ? '' : String(m.idealCycleTimeSeconds),
    'aria-label': t('tp.ideal') + ' ' + m.code });
  const from = el('input', { type: 'datetime-local', 'aria-label': t('tp.effective') + ' ' + m.code, title: t('tp.effective') });
  const power = el('input', { type: 'number', min: '0.001', max: '999999', step: 'any', value: m.ratedPowerKw == null ? '' : String(m.ratedPowerKw),
    'aria-label': t('tp.rated') + ' ' + m.code });
  return el('div', { class: 'form-row' }, seconds, from,
    el('button', { type: 'button', class: 'secondary', onclick: async () => {
      const body = { seconds: seconds.value ? Number(seconds.value) : null };
      if (from.value) body.effectiveFrom = zonedToIso(from.value, plant.timeZone);
      if (await attempt(status, () => api.post('/machines/' + m.id + '/ideal-cycle-times', body))) reload();
    } }, t('tp.setIdeal')),
    power,
    el('button', { type: 'button', class: 'secondary', onclick: async () => {
      if (await attempt(status, () => api.patch('/machines/' + m.id, { ratedPowerKw: power.value ? Number(power.value) : null }))) reload();
    } }, t('tp.setRated')),
    el('button', { type: 'button', class: 'danger', onclick: async () => {
      if (!window.confirm(t('tp.retireConfirm', { name: m.name }))) return;
      if (await attempt(status, () => api.patch('/machines/' + m.id, { retired: true }))) reload();
    } }, t('tp.retire')));
}
