// Machine page (/machines/:machineId): state timeline, process-signal trends, OEE by shift and day, downtime Pareto,
// micro-stops, MTBF/MTTR, kWh per good part, and the stops an operator can classify.
import { addStrings, api, chart, currentUser, el, fmt, message, replace, route, stateBadge, t, table, updatedAt, navigate, ApiError } from '../core.js';
import { visiblePlants, localMidnight } from './plantdata.js';
import { classifyStops } from './stops.js';

addStrings({
  'zh-CN': {
    'machine.title': '设备', 'machine.window': '时间范围', 'machine.range.today': '今日', 'machine.range.24h': '最近 24 小时', 'machine.range.7d': '最近 7 天',
    'machine.timeline': '状态时间线', 'machine.trends': '工艺参数趋势', 'machine.oeeShift': '按班次 OEE', 'machine.oeeDay': '按天 OEE',
    'machine.pareto': '停机帕累托', 'machine.microStops': '短停', 'machine.mtbf': '平均故障间隔 MTBF', 'machine.mttr': '平均修复时间 MTTR',
    'machine.kwhPerPart': '单件能耗', 'machine.kwh': '总能耗', 'machine.goodParts': '良品数', 'machine.stops': '停机记录',
    'machine.reason': '原因', 'machine.seconds': '时长', 'machine.occurrences': '次数', 'machine.share': '累计占比', 'machine.noStops': '这段时间没有停机。',
    'machine.noState': '这台设备没有状态信号的数据。', 'machine.noSignals': '没有工艺参数。', 'machine.count': '{n} 次，共 {d}',
    'machine.model': '型号', 'machine.kind': '类型', 'machine.line': '产线', 'machine.board': '安灯看板', 'machine.start': '开始', 'machine.state': '状态',
    'axis.time': '时间', 'axis.share': '占比', 'axis.minutes': '分钟', 'axis.cumulative': '累计占比',
    'oee.oee': 'OEE', 'oee.availability': '可用率', 'oee.performance': '性能', 'oee.quality': '质量', 'machine.current': '当前值',
    'machine.signal': '信号', 'machine.value': '值', 'machine.time': '时间',
  },
  en: {
    'machine.title': 'Machine', 'machine.window': 'Period', 'machine.range.today': 'Today', 'machine.range.24h': 'Last 24 hours', 'machine.range.7d': 'Last 7 days',
    'machine.timeline': 'State timeline', 'machine.trends': 'Process signals', 'machine.oeeShift': 'OEE by shift', 'machine.oeeDay': 'OEE by day',
    'machine.pareto': 'Downtime Pareto', 'machine.microStops': 'Micro-stops', 'machine.mtbf': 'Mean time between failures (MTBF)', 'machine.mttr': 'Mean time to repair (MTTR)',
    'machine.kwhPerPart': 'kWh per good part', 'machine.kwh': 'Energy', 'machine.goodParts': 'Good parts', 'machine.stops': 'Stops',
    'machine.reason': 'Reason', 'machine.seconds': 'Duration', 'machine.occurrences': 'Count', 'machine.share': 'Cumulative share', 'machine.noStops': 'No stops in this period.',
    'machine.noState': 'This machine has no state signal data.', 'machine.noSignals': 'No process signals.', 'machine.count': '{n} times, {d} in all',
    'machine.model': 'Model', 'machine.kind': 'Kind', 'machine.line': 'Line', 'machine.board': 'Andon board', 'machine.start': 'Start', 'machine.state': 'State',
    'axis.time': 'Time', 'axis.share': 'Share', 'axis.minutes': 'Minutes', 'axis.cumulative': 'Cumulative share',
    'oee.oee': 'OEE', 'oee.availability': 'Availability', 'oee.performance': 'Performance', 'oee.quality': 'Quality', 'machine.current': 'Current values',
    'machine.signal': 'Signal', 'machine.value': 'Value', 'machine.time': 'Time',
  },
});

const STATE_COLOURS = { running: '#1e7d3c', idle: '#f6c453', off: '#5a6473', setup: '#2b6cb0', fault: '#c53030', no_data: '#cbd5e0' };
const NOT_TRENDED = new Set(['state', 'parts_good', 'parts_scrap', 'alarm_code', 'energy']);

function windowOf(range, tz) {
  const to = new Date();
  if (range === '7d') return { from: new Date(to - 7 * 86400e3), to, bucket: '10m', bucketMs: 600e3 };
  if (range === '24h') return { from: new Date(to - 86400e3), to, bucket: '2m', bucketMs: 120e3 };
  const from = localMidnight(tz, to);
  return { from: from < to ? from : new Date(to - 3600e3), to, bucket: '1m', bucketMs: 60e3 };
}

async function placeOf(lineId) {
  for (const plant of await visiblePlants()) {
    const lines = await api.get('/plants/' + plant.id + '/lines');
    const line = lines.find((l) => l.id === lineId);
    if (line) return { plant, line };
  }
  return { plant: null, line: null };
}

function timeline(container, intervals, w) {
  const data = intervals.map((i) => ({ value: [new Date(i.start).getTime(), new Date(i.end).getTime(), i.state],
    itemStyle: { color: STATE_COLOURS[i.state] || STATE_COLOURS.no_data } }));
  chart(container, {
    grid: { left: 10, right: 20, top: 10, bottom: 40, containLabel: true },
    xAxis: { type: 'time', min: w.from.getTime(), max: w.to.getTime(), name: t('axis.time'), nameLocation: 'middle', nameGap: 26,
      axisLabel: { formatter: (v) => fmt.hm(v, w.tz) } },
    yAxis: { type: 'category', data: [''], axisTick: { show: false } },
    tooltip: { formatter: (p) => t('state.' + p.value[2]) + ' ' + fmt.time(new Date(p.value[0]).toISOString(), w.tz)
      + '–' + fmt.time(new Date(p.value[1]).toISOString(), w.tz) },
    series: [{
      type: 'custom', data, encode: { x: [0, 1] },
      renderItem: (params, api) => {
        const start = api.coord([api.value(0), 0]);
        const end = api.coord([api.value(1), 0]);
        const height = api.size([0, 1])[1] * 0.7;
        return { type: 'rect', shape: { x: start[0], y: start[1] - height / 2, width: Math.max(1, end[0] - start[0]), height }, style: api.style() };
      },
    }],
  });
}

function oeeChart(container, report, tz, byDay) {
  const buckets = report.buckets;
  const labels = buckets.map((b) => (byDay ? fmt.date(b.from, tz) : b.label));
  const series = ['oee', 'availability', 'performance', 'quality'].map((k) => ({
    name: t('oee.' + k), type: k === 'oee' ? 'bar' : 'line', data: buckets.map((b) => (b[k] === null ? null : Math.round(b[k] * 1000) / 10)),
  }));
  chart(container, {
    grid: { left: 10, right: 20, top: 36, bottom: 10, containLabel: true },
    legend: { top: 0 }, tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : fmt.number(v, 1) + ' %') },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', min: 0, max: 100, name: '%' },
    series,
  });
}

function paretoChart(container, downtime) {
  const reasons = downtime.reasons.slice(0, 12);
  chart(container, {
    grid: { left: 10, right: 20, top: 36, bottom: 10, containLabel: true },
    legend: { top: 0 }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: reasons.map((r) => r.reason), axisLabel: { interval: 0, rotate: reasons.length > 4 ? 25 : 0 } },
    yAxis: [{ type: 'value', name: t('axis.minutes') }, { type: 'value', name: t('axis.cumulative'), min: 0, max: 100, axisLabel: { formatter: '{value} %' } }],
    series: [
      { name: t('machine.seconds'), type: 'bar', data: reasons.map((r) => Math.round(r.seconds / 6) / 10), itemStyle: { color: '#c05621' } },
      { name: t('axis.cumulative'), type: 'line', yAxisIndex: 1, data: reasons.map((r) => Math.round(r.cumulativeShare * 1000) / 10) },
    ],
  });
}

async function machinePage(main, { machineId }, query) {
  const user = await currentUser();
  const machine = await api.get('/machines/' + machineId);
  const { plant, line } = await placeOf(machine.lineId);
  const tz = plant ? plant.timeZone : undefined;
  const range = ['today', '24h', '7d'].includes(query.range) ? query.range : 'today';
  const w = windowOf(range, tz);
  const q = { from: w.from.toISOString(), to: w.to.toISOString() };
  const stamp = el('span');
  const rangeSelect = el('select', { id: 'machine-range', onchange: () => navigate('/machines/' + machineId + '?range=' + rangeSelect.value) },
    ['today', '24h', '7d'].map((r) => el('option', { value: r, selected: r === range }, t('machine.range.' + r))));
  const mayClassify = user.role === 'plant_manager' || user.role === 'admin';
  main.append(
    el('p', { class: 'breadcrumb' }, plant ? el('a', { href: '/plants/' + plant.id }, plant.name) : null, line ? ' / ' : null,
      line ? el('a', { href: '/lines/' + line.id + '/board' }, line.name, ' · ', t('machine.board')) : null),
    el('div', { class: 'page-head' }, el('h1', {}, machine.code, ' ', machine.name), stateBadge(machine.state), stamp),
    el('p', { class: 'figure-label' }, t('machine.kind'), ': ', machine.kindLabel || machine.kind, ' · ', t('machine.model'), ': ', machine.model || '—'),
    el('div', { class: 'toolbar' }, el('label', { for: 'machine-range' }, t('machine.window')), rangeSelect,
      mayClassify ? el('button', { type: 'button', class: 'secondary', onclick: () => classifyStops(machine, tz, () => navigate(location.pathname + location.search, { replace: true })) }, t('stops.classify')) : null));

  const [intervals, oeeShift, oeeDay, downtime, energy, stops] = await Promise.all([
    api.get('/machines/' + machineId + '/state-intervals', q),
    api.get('/machines/' + machineId + '/oee', Object.assign({ granularity: 'shift' }, q)),
    api.get('/machines/' + machineId + '/oee', { granularity: 'day', from: new Date(Date.now() - 14 * 86400e3).toISOString(), to: w.to.toISOString() }),
    api.get('/machines/' + machineId + '/downtime', q),
    api.get('/machines/' + machineId + '/energy', q),
    api.get('/machines/' + machineId + '/stops', Object.assign({ limit: 50 }, q)),
  ]);

  const total = oeeShift.total;
  main.appendChild(el('div', { class: 'cards' },
    ['oee', 'availability', 'performance', 'quality'].map((k) => el('div', { class: 'card' },
      el('div', { class: 'figure-label' }, t('oee.' + k)), el('div', { class: 'figure' }, fmt.percent(total[k])))),
    el('div', { class: 'card' }, el('div', { class: 'figure-label' }, t('machine.kwhPerPart')),
      el('div', { class: 'figure' }, energy.kwhPerGoodPart === null ? '—' : fmt.number(energy.kwhPerGoodPart, 3) + ' kWh'),
      el('div', { class: 'figure-label' }, t('machine.kwh'), ' ', fmt.number(energy.totalKwh, 1), ' kWh · ', t('machine.goodParts'), ' ', fmt.number(energy.goodParts))),
    el('div', { class: 'card' }, el('div', { class: 'figure-label' }, t('machine.microStops')),
      el('div', { class: 'figure' }, fmt.number(downtime.microStops.count)),
      el('div', { class: 'figure-label' }, t('machine.count', { n: fmt.number(downtime.microStops.count), d: fmt.duration(downtime.microStops.seconds) }))),
    el('div', { class: 'card' }, el('div', { class: 'figure-label' }, t('machine.mtbf')), el('div', { class: 'figure' }, fmt.duration(downtime.mtbfSeconds))),
    el('div', { class: 'card' }, el('div', { class: 'figure-label' }, t('machine.mttr')), el('div', { class: 'figure' }, fmt.duration(downtime.mttrSeconds)))));

  const timelineBox = el('div', { class: 'chart short' });
  main.appendChild(el('section', { class: 'panel' }, el('h2', {}, t('machine.timeline')), timelineBox,
    el('div', { class: 'board-summary' }, ['running', 'idle', 'setup', 'fault', 'off', 'no_data'].map((s) => stateBadge(s)))));
  if (intervals.some((i) => i.state !== 'no_data')) timeline(timelineBox, intervals, Object.assign({ tz }, w));
  else message(timelineBox, 'empty', t('machine.noState'));

  const paretoBox = el('div', { class: 'chart' });
  main.appendChild(el('div', { class: 'grid-2' },
    el('section', { class: 'panel' }, el('h2', {}, t('machine.pareto')), paretoBox,
      table([
        { key: 'reason', label: 'machine.reason' },
        { key: 'seconds', label: 'machine.seconds', num: true, format: (v) => fmt.duration(v) },
        { key: 'occurrences', label: 'machine.occurrences', num: true },
        { key: 'cumulativeShare', label: 'machine.share', num: true, format: (v) => fmt.percent(v) },
      ], downtime.reasons)),
    el('section', { class: 'panel' }, el('h2', {}, t('machine.stops')),
      table([
        { key: 'start', label: 'machine.start', format: (v) => fmt.dateTime(v, tz) },
        { key: 'state', label: 'machine.state', format: (v) => stateBadge(v) },
        { key: 'seconds', label: 'machine.seconds', num: true, format: (v) => fmt.duration(v) },
        { key: 'reason', label: 'machine.reason' },
      ], stops))));
  if (downtime.reasons.length > 0) paretoChart(paretoBox, downtime);
  else message(paretoBox, 'empty', t('machine.noStops'));

  const shiftBox = el('div', { class: 'chart' });
  const dayBox = el('div', { class: 'chart' });
  main.appendChild(el('div', { class: 'grid-2' },
    el('section', { class: 'panel' }, el('h2', {}, t('machine.oeeShift')), shiftBox),
    el('section', { class: 'panel' }, el('h2', {}, t('machine.oeeDay')), dayBox)));
  if (oeeShift.buckets.length) oeeChart(shiftBox, oeeShift, tz, false); else message(shiftBox, 'empty', t('empty'));
  if (oeeDay.buckets.length) oeeChart(dayBox, oeeDay, tz, true); else message(dayBox, 'empty', t('empty'));

  const trendSection = el('section', { class: 'panel' }, el('h2', {}, t('machine.trends')));
  main.appendChild(trendSection);
  const trended = (machine.signals || []).filter((s) => !NOT_TRENDED.has(s.name)).slice(0, 6);
  if (trended.length === 0) message(trendSection, 'empty', t('machine.noSignals'));
  const grid = el('div', { class: 'grid-2' });
  trendSection.appendChild(grid);
  await Promise.all(trended.map(async (s) => {
    const box = el('div', { class: 'chart' });
    grid.appendChild(el('div', {}, el('h3', {}, s.name, s.unit ? ' (' + s.unit + ')' : ''), box));
    try {
      const series = await api.get('/machines/' + machineId + '/signals/' + s.name + '/series', Object.assign({ bucket: w.bucket }, q));
      chart(box, {
        grid: { left: 10, right: 20, top: 20, bottom: 10, containLabel: true }, tooltip: { trigger: 'axis' },
        xAxis: { type: 'time', axisLabel: { formatter: (v) => fmt.hm(v, tz) } }, yAxis: { type: 'value', name: s.unit || '', scale: true },
        series: [{ name: s.name, type: 'line', showSymbol: false, connectNulls: false,
          data: series.points.map((p) => [p.t, p.count > 0 ? p.avg : null]) }],
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      message(box, 'error', t('errorText', { detail: e.detail || e.message }));
    }
  }));

  if (machine.current) {
    const rows = Object.entries(machine.current).map(([name, v]) => Object.assign({ name }, v));
    main.appendChild(el('section', { class: 'panel' }, el('h2', {}, t('machine.current')), table([
      { key: 'name', label: 'machine.signal' },
      { key: 'value', label: 'machine.value', num: true, format: (v, r) => (v === null ? '—' : fmt.number(v, 2) + (r.unit ? ' ' + r.unit : '')) },
      { key: 'time', label: 'machine.time', format: (v) => fmt.dateTime(v, tz) },
    ], rows)));
  }
  updatedAt(stamp, new Date(), tz);
}

route('/machines/:machineId', { roles: ['plant_manager', 'admin', 'bureau', 'vendor'], title: 'machine.title', render: machinePage });
