// One enterprise's smart-manufacturing upgrade (智能化改造) at /bureau/enterprises/{id}: registry, equipment ledger,
// projects with their history, before/after KPIs, and the monthly figures (uploaded here by its plant manager).
import { addStrings, t, lang, route, nav, api, el, chart, fmt, updatedAt, table, message, replace, navigate } from '../core.js';
import { figureCard, stageWord, wan, bilingual, partial } from './bureauCommon.js';

addStrings({
  'zh-CN': {
    'be.title': '企业智能化改造', 'be.back': '← 企业排名', 'be.registry': '企业登记信息', 'be.contact': '联系人', 'be.phone': '联系电话',
    'be.ledger': '设备台账', 'be.asset': '设备', 'be.kind': '类型', 'be.production': '生产设备', 'be.nc': '数控', 'be.keyProcess': '关键工序',
    'be.year': '投产年份', 'be.connected': '已接入平台', 'be.projects': '改造项目', 'be.noProjects': '还没有改造项目。', 'be.scope': '改造内容',
    'be.vendor': '实施单位', 'be.planned': '计划', 'be.actual': '实际', 'be.acceptedOn': '验收日期', 'be.history': '项目历程',
    'be.beforeAfter': '改造前后对比', 'be.basis': '对比依据：{basis}', 'be.baseline': '改造前 {from} – {to}', 'be.comparison': '改造后 {from} – {to}',
    'be.kpi': '指标', 'be.before': '改造前', 'be.after': '改造后', 'be.change': '变化', 'be.relChart': '各指标变化（向右 = 改善；比率为百分点 pp，其余为相对变化 %）',
    'be.improved': '改善', 'be.worse': '变差', 'be.same': '持平', 'be.noData': '无数据', 'be.monthly': '月度数据', 'be.month': '月份',
    'be.output': '工业总产值（万元）', 'be.employees': '从业人员', 'be.energy': '综合能耗（吨标准煤）', 'be.noFigures': '还没有上报月度数据。',
    'be.upload': '上传月度数据', 'be.uploadHelp': 'CSV 或 Excel (XLSX) 文件，表头：月份、工业总产值(万元)、从业人员、综合能耗(吨标准煤)。已上报的月份会被替换；有任何错误行时整份文件都不会导入。',
    'be.file': '选择文件', 'be.send': '上传', 'be.uploaded': '已导入 {n} 个月的数据：{months}', 'be.rejected': '文件未导入：', 'be.pickFile': '请先选择文件。',
    'be.status': '状态', 'be.by': '{who}', 'be.system': '系统', 'be.indicators': '改造指标',
    'be.coverage': '数据覆盖率 {c}', 'be.overlap': '两期重叠，不作比较',
    'be.coverageHelp': '设备指标：计划生产时间中有数据的比例；上报指标：上报月份覆盖的天数比例（跨期的月份按天数分摊）',
  },
  en: {
    'be.title': 'Enterprise upgrade', 'be.back': '← Enterprise ranking', 'be.registry': 'Registry (企业登记信息)', 'be.contact': 'Contact', 'be.phone': 'Phone',
    'be.ledger': 'Equipment ledger (设备台账)', 'be.asset': 'Asset', 'be.kind': 'Kind', 'be.production': 'Production', 'be.nc': 'CNC', 'be.keyProcess': 'Key process',
    'be.year': 'In service since', 'be.connected': 'Connected', 'be.projects': 'Upgrade projects (改造项目)', 'be.noProjects': 'No upgrade projects yet.', 'be.scope': 'Scope',
    'be.vendor': 'Contractor', 'be.planned': 'Planned', 'be.actual': 'Actual', 'be.acceptedOn': 'Accepted on', 'be.history': 'History',
    'be.beforeAfter': 'Before and after', 'be.basis': 'Compared on: {basis}', 'be.baseline': 'Before {from} – {to}', 'be.comparison': 'After {from} – {to}',
    'be.kpi': 'Indicator', 'be.before': 'Before', 'be.after': 'After', 'be.change': 'Change', 'be.relChart': 'Change per indicator (right = better; rates in percentage points, others relative in %)',
    'be.improved': 'better', 'be.worse': 'worse', 'be.same': 'unchanged', 'be.noData': 'no data', 'be.monthly': 'Monthly figures (月度数据)', 'be.month': 'Month',
    'be.output': 'Output value (10k yuan)', 'be.employees': 'Employees', 'be.energy': 'Energy (t of standard coal)', 'be.noFigures': 'No monthly figures reported yet.',
    'be.upload': 'Upload monthly figures', 'be.uploadHelp': 'A CSV or Excel (XLSX) file with the columns month, output_value_wan, employees, energy_tce (or their Chinese names). A month already reported is replaced; if any row is wrong, nothing of the file is imported.',
    'be.file': 'Choose a file', 'be.send': 'Upload', 'be.uploaded': 'Imported {n} months: {months}', 'be.rejected': 'The file was not imported:', 'be.pickFile': 'Choose a file first.',
    'be.status': 'Status', 'be.by': '{who}', 'be.system': 'system', 'be.indicators': 'Upgrade indicators',
    'be.coverage': 'data coverage {c}', 'be.overlap': 'The periods overlap and are not compared',
    'be.coverageHelp': 'machine figures: share of planned production time with data; reported figures: share of days in reported months (a month in both periods is split by days)',
  },
});

const READERS = ['bureau', 'admin', 'plant_manager'];
const WRITERS = ['admin', 'plant_manager'];

nav({ path: (u) => (u.enterpriseId ? '/bureau/enterprises/' + u.enterpriseId : null), label: 'bu.navUpgrade', roles: ['plant_manager'] });
route('/bureau/enterprises/:id', { roles: READERS, title: 'be.title', render: enterprise });

async function enterprise(main, params, query, user) {
  const id = params.id;
  const [up, assets, figures] = await Promise.all([
    api.get('/enterprises/' + encodeURIComponent(id) + '/upgrade'),
    api.get('/enterprises/' + encodeURIComponent(id) + '/assets'),
    api.get('/enterprises/' + encodeURIComponent(id) + '/monthly-figures'),
  ]);
  const r = up.enterprise || {};
  const ind = up.indicators || {};
  main.append(
    user.role === 'plant_manager' ? null : el('p', { class: 'breadcrumb' }, el('a', { href: '/bureau/enterprises' }, t('be.back'))),
    el('div', { class: 'page-head' }, el('h1', {}, r.name || ''), stageWord(up.stage), updatedAt(el('span'), new Date())),
    el('div', { class: 'cards' },
      figureCard(t('bu.networkedRate'), fmt.percent(ind.networkedRate), t('bu.ofAssets', { n: fmt.number(ind.networkedAssets), of: fmt.number(ind.assets) })),
      figureCard(t('bu.ncRate'), fmt.percent(ind.numericalControlRate), t('bu.ofAssets', { n: fmt.number(ind.numericalControlAssets), of: fmt.number(ind.assets) })),
      figureCard(t('bu.keyNcRate'), fmt.percent(ind.keyProcessNcRate), t('bu.ofAssets', { n: fmt.number(ind.keyProcessNcAssets), of: fmt.number(ind.keyProcessAssets) })),
      figureCard(t('bu.investment'), wan(up.investmentWan), t('bu.subsidyApplied') + ' ' + wan(up.subsidyAppliedWan) + ' · ' + t('bu.subsidyGranted') + ' ' + wan(up.subsidyGrantedWan))),
    registry(r),
    el('section', { class: 'panel', 'aria-labelledby': 'be-ledger' }, el('h2', { id: 'be-ledger' }, t('be.ledger')), el('div', { class: 'bu-scroll' }, ledger(assets))),
    projects(up.projects || []),
    monthly(id, figures, WRITERS.includes(user.role)));
}

function registry(r) {
  const row = (label, value) => [el('dt', {}, t(label)), el('dd', {}, value === null || value === undefined || value === '' ? '—' : String(value))];
  return el('section', { class: 'panel', 'aria-labelledby': 'be-registry' }, el('h2', { id: 'be-registry' }, t('be.registry')),
    el('dl', { class: 'bu-dl' }, row('bu.code', r.code), row('bu.creditCode', r.creditCode), row('bu.town', r.town), row('bu.segment', bilingual(r.segment, lang())),
      row('bu.aboveScale', r.aboveScale ? t('bu.yes') : t('bu.no')), row('be.contact', r.contactName), row('be.phone', r.contactPhone)));
}

function ledger(assets) {
  const yes = (v) => (v ? '✔ ' + t('bu.yes') : t('bu.no'));
  return table([
    { key: 'code', label: 'bu.code' }, { key: 'name', label: 'be.asset' }, { key: 'kind', label: 'be.kind' },
    { key: 'production', label: 'be.production', format: yes }, { key: 'numericalControl', label: 'be.nc', format: yes },
    { key: 'keyProcess', label: 'be.keyProcess', format: yes }, { key: 'commissionedYear', label: 'be.year', num: true },
    { key: 'machineId', label: 'be.connected', format: (v) => (v ? el('a', { href: '/machines/' + encodeURIComponent(v) }, '✔ ' + t('bu.yes')) : t('bu.no')) },
  ], assets);
}

function projects(list) {
  const section = el('section', { class: 'panel', 'aria-labelledby': 'be-projects' }, el('h2', { id: 'be-projects' }, t('be.projects')));
  if (list.length === 0) {
    message(section, 'empty', t('be.noProjects'));
    return section;
  }
  for (const p of list) {
    const dates = (a, b) => fmt.date(a) + ' – ' + fmt.date(b);
    section.append(el('article', { class: 'bu-project' },
      el('h3', {}, p.name || '', ' ', stageWord(p.status)),
      el('dl', { class: 'bu-dl' },
        el('dt', {}, t('be.scope')), el('dd', {}, p.scope || '—'), el('dt', {}, t('be.vendor')), el('dd', {}, p.vendor || '—'),
        el('dt', {}, t('be.planned')), el('dd', {}, dates(p.plannedStart, p.plannedEnd)),
        el('dt', {}, t('be.actual')), el('dd', {}, dates(p.actualStart, p.actualEnd)),
        el('dt', {}, t('be.acceptedOn')), el('dd', {}, fmt.date(p.acceptedOn)),
        el('dt', {}, t('bu.investment')), el('dd', {}, wan(p.investmentWan) + ' · ' + t('bu.subsidyGranted') + ' ' + wan(p.subsidyGrantedWan))),
      history(p.history || []),
      p.beforeAfter ? beforeAfter(p.beforeAfter) : null));
  }
  return section;
}

function history(events) {
  if (events.length === 0) return null;
  return el('details', { class: 'bu-history' }, el('summary', {}, t('be.history') + ' (' + events.length + ')'),
    el('ol', {}, events.map((e) => el('li', {}, fmt.dateTime(e.at), ' · ', e.actorName || t('be.system'), ' · ',
      e.fromStatus ? [t('stage.' + e.fromStatus), ' → '] : null, e.toStatus ? t('stage.' + e.toStatus) : JSON.stringify(e.changes || {})))));
}

/** A change too small to show at the precision shown (0.05 pp or 0.05 %) is neither better nor worse. */
function unchanged(c) {
  const x = c.unit === 'ratio' ? c.change : c.relativeChange;
  return x !== null && x !== undefined && Math.abs(x) < 0.0005;
}

function kpiValue(c, v, coverage) {
  if (v === null || v === undefined) return '—';
  const text = c.unit === 'ratio' ? fmt.percent(v) : fmt.number(v, Math.abs(v) < 10 ? 2 : 1) + ' ' + bilingual(c.unit, lang());
  // a figure measured on part of its period says on how much
  if (!partial(coverage)) return text;
  return [text, el('br'), el('span', { class: 'bu-coverage', title: t('be.coverageHelp') }, t('be.coverage', { c: fmt.percent(coverage) }))];
}

function beforeAfter(ba) {
  const changes = ba.changes || [];
  const box = el('div', { class: 'bu-ba' }, el('h4', {}, t('be.beforeAfter')),
    el('p', { class: 'bu-note' }, t('be.basis', { basis: ba.basis ? t('basis.' + ba.basis) : '—' }),
      ba.baseline ? [' · ', t('be.baseline', { from: fmt.date(ba.baseline.from), to: fmt.date(ba.baseline.to) })] : null,
      ba.comparison ? [' · ', t('be.comparison', { from: fmt.date(ba.comparison.from), to: fmt.date(ba.comparison.to) })] : null));
  if (ba.status === 'overlap') {
    message(box, 'info', t('be.overlap') + (ba.reason ? ' — ' + bilingual(ba.reason, lang()) : ''));
    return box;
  }
  box.append(table([
    { key: 'label', label: 'be.kpi', format: (v) => bilingual(v, lang()) },
    { key: 'before', label: 'be.before', num: true, format: (v, c) => kpiValue(c, v, c.beforeCoverage) },
    { key: 'after', label: 'be.after', num: true, format: (v, c) => kpiValue(c, v, c.afterCoverage) },
    { key: 'relativeChange', label: 'be.change', num: true, format: (v, c) => {
      if (c.status !== 'ok') return t('be.noData');
      const text = c.unit === 'ratio' ? (c.change > 0 ? '+' : '') + fmt.number(c.change * 100, 1) + ' pp' : (v > 0 ? '+' : '') + fmt.percent(v);
      if (unchanged(c)) return el('span', { class: 'bu-note' }, text, ' = ', t('be.same'));
      return el('span', { class: c.improved ? 'bu-good' : 'bu-bad' }, text, ' ', c.improved ? '▲ ' + t('be.improved') : '▼ ' + t('be.worse'));
    } },
  ], changes));
  const withData = changes.filter((c) => c.status === 'ok');
  if (withData.length > 0) {
    const chartBox = el('div', { class: 'chart short bu-ba-chart', role: 'img', 'aria-label': t('be.relChart') });
    box.append(el('p', { class: 'figure-label' }, t('be.relChart')), chartBox);
    // "better" points right whatever the indicator's direction, so one axis reads for all of them
    const better = (c) => {
      const rel = c.unit === 'ratio' ? c.change : c.relativeChange;
      if (rel === null || rel === undefined) return null;
      return Math.round((c.higherIsBetter ? rel : -rel) * 1000) / 10;
    };
    chart(chartBox, {
      grid: { left: 170, right: 40, top: 10, bottom: 24 },
      tooltip: { trigger: 'item', formatter: (p) => p.name + ': ' + (p.value > 0 ? '+' : '') + p.value + p.data.unit },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: withData.map((c) => bilingual(c.label, lang())), axisLabel: { width: 160, overflow: 'truncate' } },
      // a rate's change is in percentage points (pp), every other indicator's relative, in %
      series: [{ type: 'bar', data: withData.map((c) => ({ value: better(c), unit: c.unit === 'ratio' ? ' pp' : '%',
        itemStyle: { color: unchanged(c) ? '#a0aec0' : c.improved ? '#38a169' : '#c53030' } })),
        label: { show: true, position: 'right', formatter: (p) => (p.value > 0 ? '+' : '') + p.value + p.data.unit } }],
    });
    chartBox.classList.add('bu-rows-' + Math.min(withData.length, 8));
  }
  return box;
}

function monthly(id, figures, mayUpload) {
  const section = el('section', { class: 'panel', 'aria-labelledby': 'be-monthly' }, el('h2', { id: 'be-monthly' }, t('be.monthly')));
  if (figures.length === 0) message(section, 'empty', t('be.noFigures'));
  else {
    const box = el('div', { class: 'chart', role: 'img', 'aria-label': t('be.output') });
    section.append(box);
    chart(box, {
      tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 60, right: 60, top: 30, bottom: 50 },
      xAxis: { type: 'category', data: figures.map((f) => f.month) },
      yAxis: [{ type: 'value', name: t('be.output') }, { type: 'value', name: t('be.employees'), minInterval: 1 }],
      series: [{ name: t('be.output'), type: 'bar', data: figures.map((f) => f.outputValueWan), itemStyle: { color: '#2b6cb0' } },
        { name: t('be.employees'), type: 'line', yAxisIndex: 1, data: figures.map((f) => f.employees), itemStyle: { color: '#b7791f' } }],
    });
    section.append(el('details', { class: 'bu-history' }, el('summary', {}, t('be.monthly') + ' (' + figures.length + ')'),
      table([{ key: 'month', label: 'be.month' }, { key: 'outputValueWan', label: 'be.output', num: true, format: (v) => fmt.number(v, 1) },
        { key: 'employees', label: 'be.employees', num: true, format: (v) => fmt.number(v) },
        { key: 'energyTce', label: 'be.energy', num: true, format: (v) => fmt.number(v, 1) }], figures)));
  }
  if (mayUpload) section.append(uploadForm(id));
  return section;
}

function uploadForm(id) {
  const file = el('input', { id: 'be-file', type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const result = el('div', { class: 'bu-upload-result', 'aria-live': 'polite' });
  const send = el('button', { type: 'submit', class: 'primary' }, t('be.send'));
  const form = el('form', { class: 'bu-upload', onsubmit: async (e) => {
    e.preventDefault();
    replace(result);
    const f = file.files && file.files[0];
    if (!f) return message(result, 'error', t('be.pickFile'));
    send.disabled = true;
    try {
      const xlsx = /\.xlsx$/i.test(f.name);
      const out = await api.upload('/enterprises/' + encodeURIComponent(id) + '/monthly-figures/import', f,
        xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');
      message(result, 'ok', t('be.uploaded', { n: out.imported, months: (out.months || []).join(', ') }));
      setTimeout(() => navigate(location.pathname, { replace: true }), 1500);
    } catch (err) {
      const [summary, ...rows] = badRows(err.detail || err.message);
      const box = message(result, 'error', t('be.rejected') + ' ' + summary);
      if (rows.length > 0) box.append(el('ul', { class: 'bu-bad-rows' }, rows.map((line) => el('li', {}, line))));
    } finally {
      send.disabled = false;
    }
  } }, el('h3', {}, t('be.upload')), el('p', { class: 'bu-note' }, t('be.uploadHelp')),
  el('div', { class: 'form-row' }, el('div', {}, el('label', { for: 'be-file' }, t('be.file')), file), send), result);
  return form;
}

/** "3 row(s) rejected, nothing was imported — row 3: … | row 5: …" → one line per bad row, as the API wrote them. */
function badRows(detail) {
  const text = String(detail || '');
  const dash = text.indexOf(' — ');
  if (dash < 0) return [text];
  return [text.slice(0, dash)].concat(text.slice(dash + 3).split(' | '));
}
