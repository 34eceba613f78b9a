// Plant overview (/plants/:plantId), the plant manager's home: lines, shift and today's OEE, machines by state, what is down.
import { addStrings, api, el, fmt, message, nav, route, stateBadge, t, table, updatedAt, every, replace, homePath } from '../core.js';
import { plantById, localMidnight, currentBucket } from './plantdata.js';

addStrings({
  'zh-CN': {
    'plant.title': '工厂总览', 'plant.nav': '工厂总览', 'plant.lines': '产线', 'plant.shiftOee': '本班 OEE', 'plant.todayOee': '今日 OEE',
    'plant.byState': '设备状态', 'plant.down': '停机设备', 'plant.noneDown': '当前没有停机或故障的设备。', 'plant.board': '安灯看板',
    'plant.machine': '设备', 'plant.line': '产线', 'plant.state': '状态', 'plant.since': '开始于', 'plant.for': '持续',
    'plant.machines': '台设备', 'plant.availability': '可用率', 'plant.performance': '性能', 'plant.quality': '质量',
    'plant.noPlant': '您的企业还没有工厂。', 'plant.outsideShift': '当前不在班次内', 'plant.coverage': '数据覆盖率 {c}',
  },
  en: {
    'plant.title': 'Plant overview', 'plant.nav': 'Plant overview', 'plant.lines': 'Lines', 'plant.shiftOee': 'Shift OEE', 'plant.todayOee': 'Today\'s OEE',
    'plant.byState': 'Machines by state', 'plant.down': 'Machines down', 'plant.noneDown': 'No machine is stopped or in fault right now.', 'plant.board': 'Andon board',
    'plant.machine': 'Machine', 'plant.line': 'Line', 'plant.state': 'State', 'plant.since': 'Since', 'plant.for': 'For',
    'plant.machines': 'machines', 'plant.availability': 'Availability', 'plant.performance': 'Performance', 'plant.quality': 'Quality',
    'plant.noPlant': 'Your enterprise has no plant yet.', 'plant.outsideShift': 'Outside shift hours', 'plant.coverage': 'Data coverage {c}',
  },
});

const STATES = ['running', 'idle', 'setup', 'fault', 'off', 'no_data'];
const DOWN = new Set(['fault', 'off', 'idle', 'setup']);

/**
 * "Data coverage 62.5 %" when less than the planned time had data. These windows end now, and the last second or
 * two of every machine is still in flight: half a percent is left to that.
 */
function coverageNote(result) {
  const c = result ? result.dataCoverage : null;
  if (c === null || c === undefined || c >= 0.995) return null;
  return el('span', { class: 'coverage-note' }, t('plant.coverage', { c: fmt.percent(c) }));
}

function oeeFigure(label, result) {
  return el('div', { class: 'card' }, el('div', { class: 'figure-label' }, t(label)),
    el('div', { class: 'figure' }, result ? fmt.percent(result.oee) : '—'),
    result && coverageNote(result) ? el('div', { class: 'figure-label' }, coverageNote(result)) : null,
    result ? el('div', { class: 'figure-label' },
      t('plant.availability'), ' ', fmt.percent(result.availability), ' · ', t('plant.performance'), ' ', fmt.percent(result.performance),
      ' · ', t('plant.quality'), ' ', fmt.percent(result.quality)) : el('div', { class: 'figure-label' }, t('plant.outsideShift')));
}

async function plantPage(main, { plantId }) {
  const plant = await plantById(plantId);
  const tz = plant.timeZone;
  const stamp = el('span');
  const body = el('div');
  main.append(
    el('p', { class: 'breadcrumb' }, plant.enterprise.name),
    el('div', { class: 'page-head' }, el('h1', {}, plant.name), stamp),
    body);

  async function refresh() {
    const now = new Date();
    const from = localMidnight(tz, now).toISOString();
    const lines = await api.get('/plants/' + plantId + '/lines');
    const [plantOee, statuses, lineOees] = await Promise.all([
      api.get('/plants/' + plantId + '/oee', { from, to: now.toISOString(), granularity: 'shift' }),
      Promise.all(lines.map((l) => api.get('/lines/' + l.id + '/status'))),
      Promise.all(lines.map((l) => api.get('/lines/' + l.id + '/oee', { from, to: now.toISOString(), granularity: 'shift' }))),
    ]);
    const machines = statuses.flatMap((s, i) => s.machines.map((m) => Object.assign({}, m, { line: lines[i] })));
    const counts = Object.fromEntries(STATES.map((s) => [s, machines.filter((m) => m.state === s).length]));
    const shift = currentBucket(plantOee, now);
    const down = machines.filter((m) => DOWN.has(m.state)).map((m) => Object.assign({}, m, {
      lineName: m.line.name, stateRank: STATES.indexOf(m.state),
      seconds: m.since ? Math.max(0, (now - new Date(m.since)) / 1000) : null,
    }));
    replace(body,
      el('div', { class: 'cards' }, oeeFigure('plant.shiftOee', shift), oeeFigure('plant.todayOee', plantOee.total),
        el('div', { class: 'card' }, el('div', { class: 'figure-label' }, t('plant.byState')),
          el('div', { class: 'board-summary' }, STATES.filter((s) => counts[s] > 0).map((s) => el('span', {}, stateBadge(s), ' ', el('strong', {}, String(counts[s]))))))),
      el('h2', {}, t('plant.lines')),
      el('div', { class: 'cards' }, lines.map((l, i) => {
        const lineShift = currentBucket(lineOees[i], now);
        return el('div', { class: 'card' },
          el('h3', {}, l.name, ' ', el('span', { class: 'figure-label' }, l.code)),
          el('div', { class: 'figure-label' }, statuses[i].machines.length, ' ', t('plant.machines')),
          el('div', {}, t('plant.shiftOee'), ': ', el('strong', {}, lineShift ? fmt.percent(lineShift.oee) : '—'),
            ' · ', t('plant.todayOee'), ': ', el('strong', {}, fmt.percent(lineOees[i].total.oee)),
            coverageNote(lineOees[i].total) ? [' · ', coverageNote(lineOees[i].total)] : null),
          el('div', { class: 'board-summary' }, STATES.map((s) => {
            const n = statuses[i].machines.filter((m) => m.state === s).length;
            return n ? el('span', {}, stateBadge(s), ' ', n) : null;
          })),
          el('a', { href: '/lines/' + l.id + '/board' }, t('plant.board')));
      })),
      el('h2', {}, t('plant.down')),
      down.length === 0 ? el('p', { class: 'message message-ok' }, t('plant.noneDown')) : table([
        { key: 'code', label: 'plant.machine', format: (v, m) => el('a', { href: '/machines/' + m.id }, m.code, ' ', m.name) },
        { key: 'lineName', label: 'plant.line' },
        { key: 'stateRank', label: 'plant.state', format: (v, m) => stateBadge(m.state) },
        { key: 'since', label: 'plant.since', format: (v) => fmt.dateTime(v, tz) },
        { key: 'seconds', label: 'plant.for', num: true, format: (v) => fmt.duration(v) },
      ], down));
    updatedAt(stamp, now, tz);
  }
  await refresh();
  every(30000, () => refresh().catch((e) => message(body, 'error', t('errorText', { detail: e.detail || e.message }))));
}

async function noPlant(main) {
  message(main, 'info', t('plant.noPlant'));
}

route('/plants/:plantId', { roles: ['plant_manager', 'admin', 'bureau'], title: 'plant.title', render: plantPage });
route('/plants', { roles: ['plant_manager'], title: 'plant.title', render: noPlant });
nav({ path: (user) => (user.role === 'plant_manager' ? '/' : null), label: 'plant.nav', roles: ['plant_manager'] });
