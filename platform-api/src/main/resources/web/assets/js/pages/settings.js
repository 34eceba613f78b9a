// The plant manager's settings: the plant calendar (shifts, breaks, holidays, planned stops) and downtime reasons.
import { addStrings, api, currentUser, el, fmt, message, nav, replace, route, t, table, updatedAt, ApiError } from '../core.js';
import { settingsPlant, zonedToIso } from './plantdata.js';

addStrings({
  'zh-CN': {
    'cal.title': '班次日历', 'cal.nav': '班次日历', 'cal.shifts': '班次', 'cal.breaks': '休息', 'cal.holidays': '节假日', 'cal.planned': '计划停机',
    'cal.name': '名称', 'cal.start': '开始', 'cal.end': '结束', 'cal.reason': '原因', 'cal.date': '日期', 'cal.add': '添加', 'cal.remove': '删除',
    'cal.save': '保存日历', 'cal.saved': '日历已保存。', 'cal.failed': '保存失败：{detail}', 'cal.zone': '时区：{zone}',
    'cal.addStop': '添加计划停机', 'cal.stopAdded': '计划停机已添加。', 'cal.readOnly': '只有本企业的厂长和管理员可以修改。',
    'cal.crossMidnight': '结束时间早于开始时间的班次跨过午夜。',
    'reasons.title': '停机原因', 'reasons.nav': '停机原因', 'reasons.code': '代码', 'reasons.name': '名称', 'reasons.planned': '计划内',
    'reasons.yes': '是', 'reasons.no': '否', 'reasons.lead': '报警代码对应的停机原因，以及操作工为无报警停机选择的原因（9xxx）。',
    'reasons.save': '保存原因', 'reasons.saved': '原因已保存。', 'reasons.edit': '添加或修改原因（管理员）',
  },
  en: {
    'cal.title': 'Shift calendar', 'cal.nav': 'Calendar', 'cal.shifts': 'Shifts', 'cal.breaks': 'Breaks', 'cal.holidays': 'Holidays', 'cal.planned': 'Planned stops',
    'cal.name': 'Name', 'cal.start': 'Start', 'cal.end': 'End', 'cal.reason': 'Reason', 'cal.date': 'Date', 'cal.add': 'Add', 'cal.remove': 'Remove',
    'cal.save': 'Save calendar', 'cal.saved': 'The calendar is saved.', 'cal.failed': 'Could not save: {detail}', 'cal.zone': 'Time zone: {zone}',
    'cal.addStop': 'Add planned stop', 'cal.stopAdded': 'The planned stop is added.', 'cal.readOnly': 'Only the enterprise\'s plant manager and admins may change it.',
    'cal.crossMidnight': 'A shift that ends before it starts crosses midnight.',
    'reasons.title': 'Downtime reasons', 'reasons.nav': 'Downtime reasons', 'reasons.code': 'Code', 'reasons.name': 'Name', 'reasons.planned': 'Planned',
    'reasons.yes': 'yes', 'reasons.no': 'no', 'reasons.lead': 'Reasons named by alarm codes, and the ones operators give to stops without an alarm (9xxx).',
    'reasons.save': 'Save reason', 'reasons.saved': 'The reason is saved.', 'reasons.edit': 'Add or change a reason (admin)',
  },
});

let fieldCount = 0;
function field(labelKey, input) {
  const id = 'f' + (++fieldCount);
  input.id = id;
  return el('div', {}, el('label', { for: id }, t(labelKey)), input);
}

function rowsEditor(items, columns, blank) {
  const box = el('div');
  function draw() {
    replace(box, items.map((item, k) => el('div', { class: 'form-row' },
      columns.map(([key, labelKey, type]) => field(labelKey, el('input', { type, value: item[key] || '', required: key !== 'reason',
        oninput: (e) => { item[key] = e.target.value; } }))),
      el('button', { type: 'button', class: 'danger', onclick: () => { items.splice(k, 1); draw(); } }, t('cal.remove')))),
    el('button', { type: 'button', class: 'secondary', onclick: () => { items.push(Object.assign({}, blank)); draw(); } }, t('cal.add')));
  }
  draw();
  return box;
}

async function calendarPage(main, params, query) {
  const user = await currentUser();
  const plant = await settingsPlant(query);
  const cal = await api.get('/plants/' + plant.id + '/calendar');
  const mayEdit = user.role === 'admin' || (user.role === 'plant_manager' && user.enterpriseId === plant.enterpriseId);
  const shifts = cal.shifts.map((s) => Object.assign({}, s));
  const breaks = cal.breaks.map((b) => Object.assign({}, b));
  const holidays = cal.holidays.map((d) => ({ date: d }));
  const status = el('div', { role: 'status', 'aria-live': 'polite' });
  main.append(el('p', { class: 'breadcrumb' }, el('a', { href: '/plants/' + plant.id }, plant.name)),
    el('div', { class: 'page-head' }, el('h1', {}, t('cal.title')), updatedAt(el('span'), new Date(), cal.timeZone)),
    el('p', { class: 'figure-label' }, t('cal.zone', { zone: cal.timeZone }), ' · ', t('cal.crossMidnight')));
  if (!mayEdit) message(main, 'info', t('cal.readOnly'));
  const save = el('button', { type: 'submit', class: 'primary', disabled: !mayEdit }, t('cal.save'));
  main.appendChild(el('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    replace(status);
    try {
      await api.put('/plants/' + plant.id + '/calendar', {
        shifts: shifts.map((s) => ({ name: s.name, start: s.start, end: s.end })),
        breaks: breaks.map((b) => ({ start: b.start, end: b.end, reason: b.reason || '' })),
        holidays: holidays.map((h) => h.date).filter(Boolean),
      });
      message(status, 'ok', t('cal.saved'));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      message(status, 'error', t('cal.failed', { detail: err.detail || err.message }));
    }
  } },
  el('h2', {}, t('cal.shifts')), rowsEditor(shifts, [['name', 'cal.name', 'text'], ['start', 'cal.start', 'time'], ['end', 'cal.end', 'time']], { name: '', start: '08:00', end: '16:00' }),
  el('h2', {}, t('cal.breaks')), rowsEditor(breaks, [['start', 'cal.start', 'time'], ['end', 'cal.end', 'time'], ['reason', 'cal.reason', 'text']], { start: '12:00', end: '12:30', reason: '' }),
  el('h2', {}, t('cal.holidays')), rowsEditor(holidays, [['date', 'cal.date', 'date']], { date: '' }),
  el('p', {}, save), status));

  const stopStatus = el('div', { role: 'status', 'aria-live': 'polite' });
  const from = el('input', { type: 'datetime-local', required: true });
  const to = el('input', { type: 'datetime-local', required: true });
  const reason = el('input', { type: 'text', required: true, maxlength: 100 });
  main.appendChild(el('section', { class: 'panel' }, el('h2', {}, t('cal.planned')),
    table([
      { key: 'from', label: 'cal.start', format: (v) => fmt.dateTime(v, cal.timeZone) },
      { key: 'to', label: 'cal.end', format: (v) => fmt.dateTime(v, cal.timeZone) },
      { key: 'reason', label: 'cal.reason' },
      { key: 'id', label: 'cal.remove', sortable: false, format: (id) => (mayEdit ? el('button', { type: 'button', class: 'danger', onclick: async () => {
        await api.del('/plants/' + plant.id + '/planned-stops/' + id);
        location.reload();
      } }, t('cal.remove')) : '') },
    ], cal.plannedStops),
    mayEdit ? el('form', { class: 'form-row', onsubmit: async (e) => {
      e.preventDefault();
      replace(stopStatus);
      try {
        await api.post('/plants/' + plant.id + '/planned-stops', { from: zonedToIso(from.value, cal.timeZone), to: zonedToIso(to.value, cal.timeZone), reason: reason.value });
        message(stopStatus, 'ok', t('cal.stopAdded'));
        location.reload();
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        message(stopStatus, 'error', t('cal.failed', { detail: err.detail || err.message }));
      }
    } }, field('cal.start', from), field('cal.end', to), field('cal.reason', reason), el('div', {}, el('button', { type: 'submit', class: 'primary' }, t('cal.addStop')))) : null,
    stopStatus));
}

async function reasonsPage(main) {
  const user = await currentUser();
  const reasons = await api.get('/downtime-reasons');
  main.append(el('div', { class: 'page-head' }, el('h1', {}, t('reasons.title')), updatedAt(el('span'), new Date())),
    el('p', { class: 'figure-label' }, t('reasons.lead')),
    table([
      { key: 'code', label: 'reasons.code', num: true },
      { key: 'name', label: 'reasons.name' },
      { key: 'planned', label: 'reasons.planned', format: (v) => (v ? t('reasons.yes') : t('reasons.no')) },
    ], reasons));
  if (user.role !== 'admin') return;
  const status = el('div', { role: 'status', 'aria-live': 'polite' });
  const code = el('input', { type: 'number', min: 0, required: true });
  const name = el('input', { type: 'text', required: true, maxlength: 100 });
  const planned = el('input', { type: 'checkbox' });
  main.appendChild(el('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    replace(status);
    try {
      await api.put('/downtime-reasons/' + Number(code.value), { name: name.value, planned: planned.checked });
      message(status, 'ok', t('reasons.saved'));
      location.reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      message(status, 'error', t('cal.failed', { detail: err.detail || err.message }));
    }
  } }, el('h2', {}, t('reasons.edit')),
  el('div', { class: 'form-row' }, field('reasons.code', code), field('reasons.name', name), field('reasons.planned', planned),
    el('div', {}, el('button', { type: 'submit', class: 'primary' }, t('reasons.save')))), status));
}

route('/settings/calendar', { roles: ['plant_manager', 'admin'], title: 'cal.title', render: calendarPage });
route('/settings/reasons', { roles: ['plant_manager', 'admin'], title: 'reasons.title', render: reasonsPage });
nav({ path: '/settings/calendar', label: 'cal.nav', roles: ['plant_manager'] });
nav({ path: '/settings/reasons', label: 'reasons.nav', roles: ['plant_manager'] });
