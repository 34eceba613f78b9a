// The county economic bureau (县经信局): the county overview at /bureau and the enterprise ranking at /bureau/enterprises.
import { addStrings, t, lang, route, nav, navigate, api, el, chart, fmt, updatedAt, table, message } from '../core.js';
import { STAGES, STAGE_COLOURS, figureCard, exportLinks, stageWord, wan, bilingual, coverageBeforeAfter } from './bureauCommon.js';

addStrings({
  'zh-CN': {
    'bu.title': '县域智能化改造概览', 'bu.lead': '全县规上工业企业智能化改造进展：设备联网、数控化、改造阶段、投资与补助、三年行动计划完成情况。',
    'bu.byStage': '企业改造阶段', 'bu.byStageTowns': '各乡镇企业改造阶段', 'bu.townRates': '各乡镇设备联网率与数控化率',
    'bu.programme': '三年行动计划进度', 'bu.programmeNone': '尚未设定三年行动计划。', 'bu.target': '目标（累计完成比例）',
    'bu.completedShare': '实际完成比例', 'bu.year': '年份', 'bu.targetMet': '达标', 'bu.targetNotMet': '未达标', 'bu.notDue': '未到期', 'bu.behind': '进行中，尚未达到本年目标', 'bu.targetShort': '目标', 'bu.current': '本年',
    'bu.towns': '乡镇对比', 'bu.money': '投资与补助', 'bu.area': '区域', 'bu.done': '已完成/验收',
    'bu.rankingTitle': '企业排名', 'bu.rankingLead': '每家企业的改造指标；点击表头排序，或按乡镇、阶段、规模筛选。导出包含全部指标。',
    'bu.filterTown': '乡镇街道', 'bu.filterStage': '改造阶段', 'bu.filterScale': '企业规模', 'bu.belowScale': '规下企业', 'bu.all': '全部', 'bu.search': '搜索（名称、代码、信用代码）',
    'bu.sort': '排序', 'bu.apply': '筛选', 'bu.reset': '清除', 'bu.sortDesc': '（从高到低）', 'bu.count': '共 {n} 家企业',
    'bu.toRanking': '查看企业排名 →', 'bu.programmeLine': '{name}：{start} 至 {end}；规上企业 {n} 家，已完成 {done} 家，已验收 {acc} 家。',
  },
  en: {
    'bu.title': 'County smart-manufacturing upgrade', 'bu.lead': 'Progress of the county\'s manufacturers in the smart-manufacturing upgrade (智能化改造): networked and CNC equipment, upgrade stages, investment and subsidies, and the three-year programme.',
    'bu.byStage': 'Enterprises by upgrade stage', 'bu.byStageTowns': 'Upgrade stages by town', 'bu.townRates': 'Networked and CNC rates by town',
    'bu.programme': 'Three-year programme (三年行动计划)', 'bu.programmeNone': 'No three-year programme has been set.', 'bu.target': 'Target (cumulative share completed)',
    'bu.completedShare': 'Share completed', 'bu.year': 'Year', 'bu.targetMet': 'met', 'bu.targetNotMet': 'not met', 'bu.notDue': 'not due yet', 'bu.behind': 'under way, below this year\'s target so far', 'bu.targetShort': 'target', 'bu.current': 'this year',
    'bu.towns': 'Towns side by side', 'bu.money': 'Investment and subsidies', 'bu.area': 'Area', 'bu.done': 'Completed or accepted',
    'bu.rankingTitle': 'Enterprise ranking', 'bu.rankingLead': 'Every enterprise with its upgrade indicators; sort by a column header, filter by town, stage or size. Exports hold every indicator.',
    'bu.filterTown': 'Town', 'bu.filterStage': 'Upgrade stage', 'bu.filterScale': 'Size', 'bu.belowScale': 'Below designated size', 'bu.all': 'All', 'bu.search': 'Search (name, code, credit code)',
    'bu.sort': 'Sort by', 'bu.apply': 'Filter', 'bu.reset': 'Clear', 'bu.sortDesc': ' (highest first)', 'bu.count': '{n} enterprises',
    'bu.toRanking': 'See the enterprise ranking →', 'bu.programmeLine': '{name}: {start} to {end}; {n} enterprises above designated size, {done} completed, {acc} accepted.',
  },
});

const BUREAU = ['bureau', 'admin'];

nav({ path: '/bureau', label: 'bu.nav', roles: BUREAU });
nav({ path: '/bureau/enterprises', label: 'bu.navRanking', roles: BUREAU });

route('/bureau', { roles: BUREAU, title: 'bu.title', render: overview });
route('/bureau/enterprises', { roles: BUREAU, title: 'bu.rankingTitle', render: ranking });

async function overview(main) {
  const data = await api.get('/bureau/overview');
  const c = data.county;
  main.append(
    el('div', { class: 'page-head' }, el('h1', {}, t('bu.title')), updatedAt(el('span'), data.at)),
    el('p', { class: 'bu-lead' }, t('bu.lead')),
    el('div', { class: 'cards' },
      figureCard(t('bu.networkedRate'), fmt.percent(c.networkedRate), t('bu.ofAssets', { n: fmt.number(c.networkedAssets), of: fmt.number(c.assets) })),
      figureCard(t('bu.ncRate'), fmt.percent(c.numericalControlRate), t('bu.rateHelp.nc')),
      figureCard(t('bu.keyNcRate'), fmt.percent(c.keyProcessNcRate), t('bu.rateHelp.keyNc')),
      figureCard(t('bu.enterprises'), fmt.number(c.enterprises), t('bu.aboveScale') + ' ' + fmt.number(c.aboveScale)),
      figureCard(t('bu.done'), fmt.number(c.done), t('stage.completed') + ' ' + fmt.number(c.stages.completed) + ' · ' + t('stage.accepted') + ' ' + fmt.number(c.stages.accepted)),
      figureCard(t('bu.investment'), wan(c.investmentWan), t('bu.subsidyGranted') + ' ' + wan(c.subsidyGrantedWan))),
    el('p', { class: 'bu-note' }, t('bu.networkedRate') + ': ' + t('bu.rateHelp.networked')));

  const programme = el('section', { class: 'panel', 'aria-labelledby': 'bu-programme' }, el('h2', { id: 'bu-programme' }, t('bu.programme')));
  const stages = el('section', { class: 'panel', 'aria-labelledby': 'bu-stages' }, el('h2', { id: 'bu-stages' }, t('bu.byStage')));
  main.append(el('div', { class: 'grid-2' }, programme, stages));
  programmeChart(programme, data.programme);
  const stageBox = el('div', { class: 'chart', role: 'img', 'aria-label': t('bu.byStage') });
  stages.append(stageBox);
  chart(stageBox, {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], label: { formatter: '{b}: {c}' },
      data: STAGES.map((s, i) => ({ name: t('stage.' + s), value: c.stages[s] || 0, itemStyle: { color: STAGE_COLOURS[i] } })) }],
  });

  const towns = data.towns || [];
  const townNames = towns.map((x) => x.town);
  const rates = el('section', { class: 'panel', 'aria-labelledby': 'bu-rates' }, el('h2', { id: 'bu-rates' }, t('bu.townRates')));
  const townStages = el('section', { class: 'panel', 'aria-labelledby': 'bu-town-stages' }, el('h2', { id: 'bu-town-stages' }, t('bu.byStageTowns')));
  main.append(el('div', { class: 'grid-2' }, rates, townStages));
  const ratesBox = el('div', { class: 'chart tall', role: 'img', 'aria-label': t('bu.townRates') });
  rates.append(ratesBox);
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  chart(ratesBox, {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : v + '%') },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 70 },
    xAxis: { type: 'category', data: townNames, axisLabel: { interval: 0, rotate: townNames.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('bu.networkedRate'), type: 'bar', data: towns.map((x) => pct(x.networkedRate)), itemStyle: { color: '#2b6cb0' } },
      { name: t('bu.ncRate'), type: 'bar', data: towns.map((x) => pct(x.numericalControlRate)), itemStyle: { color: '#38a169' } },
      { name: t('bu.keyNcRate'), type: 'bar', data: towns.map((x) => pct(x.keyProcessNcRate)), itemStyle: { color: '#b7791f' } },
    ],
  });
  const stagesBox = el('div', { class: 'chart tall', role: 'img', 'aria-label': t('bu.byStageTowns') });
  townStages.append(stagesBox);
  chart(stagesBox, {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 20, top: 36, bottom: 70 },
    xAxis: { type: 'category', data: townNames, axisLabel: { interval: 0, rotate: townNames.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1, name: t('bu.enterprises') },
    series: STAGES.map((s, i) => ({ name: t('stage.' + s), type: 'bar', stack: 'stage', data: towns.map((x) => x.stages[s] || 0),
      itemStyle: { color: STAGE_COLOURS[i] } })),
  });

  const townTable = table([
    { key: 'town', label: 'bu.area' },
    { key: 'enterprises', label: 'bu.enterprises', num: true, format: (v) => fmt.number(v) },
    { key: 'aboveScale', label: 'bu.aboveScale', num: true, format: (v) => fmt.number(v) },
    { key: 'done', label: 'bu.done', num: true, format: (v) => fmt.number(v) },
    { key: 'networkedRate', label: 'bu.networkedRate', num: true, format: (v) => fmt.percent(v) },
    { key: 'numericalControlRate', label: 'bu.ncRate', num: true, format: (v) => fmt.percent(v) },
    { key: 'keyProcessNcRate', label: 'bu.keyNcRate', num: true, format: (v) => fmt.percent(v) },
    { key: 'investmentWan', label: 'bu.investment', num: true, format: (v) => wan(v) },
    { key: 'subsidyAppliedWan', label: 'bu.subsidyApplied', num: true, format: (v) => wan(v) },
    { key: 'subsidyGrantedWan', label: 'bu.subsidyGranted', num: true, format: (v) => wan(v) },
    { key: 'enterprisesWithoutLedger', label: 'bu.withoutLedger', num: true, format: (v) => fmt.number(v) },
  ], [Object.assign({}, c, { town: t('bu.county') }), ...towns]);
  main.append(el('section', { class: 'panel', 'aria-labelledby': 'bu-towns' },
    el('div', { class: 'page-head' }, el('h2', { id: 'bu-towns' }, t('bu.towns')), exportLinks('/bureau/overview/export', {})),
    el('div', { class: 'bu-scroll' }, townTable)),
  el('p', {}, el('a', { href: '/bureau/enterprises' }, t('bu.toRanking'))));
}

function programmeChart(panel, p) {
  if (!p || p.status !== 'ok') {
    message(panel, 'empty', t('bu.programmeNone'));
    return;
  }
  panel.append(el('p', { class: 'bu-note' }, t('bu.programmeLine', { name: bilingual(p.name, lang()), start: fmt.date(p.start), end: fmt.date(p.end),
    n: fmt.number(p.aboveScaleEnterprises), done: fmt.number(p.completed), acc: fmt.number(p.accepted) })));
  const years = p.years || [];
  // a year after the current one is not due yet: no bar, no verdict (its share would only repeat today's)
  const currentIndex = years.findIndex((y) => y.current);
  const due = (i) => currentIndex < 0 || i <= currentIndex;
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': t('bu.programme') });
  panel.append(box);
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  chart(box, {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : v + '%') },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 50 },
    xAxis: { type: 'category', data: years.map((y) => String(y.year) + (y.current ? ' (' + t('bu.current') + ')' : '')) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('bu.completedShare'), type: 'bar', itemStyle: { color: '#38a169' },
        data: years.map((y, i) => (due(i) ? { value: pct(y.completedShare), itemStyle: { color: y.targetMet ? '#38a169' : '#dd6b20' } } : null)) },
      { name: t('bu.target'), type: 'line', data: years.map((y) => pct(y.targetShare)), itemStyle: { color: '#1a202c' }, lineStyle: { type: 'dashed' } },
    ],
  });
  const verdict = (y, i) => {
    if (!due(i)) return el('span', { class: 'bu-note' }, t('bu.notDue'));
    if (y.current) return el('strong', { class: y.targetMet ? 'bu-good' : 'bu-warn' }, y.targetMet ? t('bu.targetMet') : t('bu.behind'));
    return el('strong', { class: y.targetMet ? 'bu-good' : 'bu-bad' }, y.targetMet ? t('bu.targetMet') : t('bu.targetNotMet'));
  };
  panel.append(el('ul', { class: 'bu-years' }, years.map((y, i) => el('li', {},
    String(y.year), ': ', due(i) ? fmt.percent(y.completedShare) : '—', ' / ', t('bu.targetShort'), ' ', fmt.percent(y.targetShare), ' — ', verdict(y, i)))));
}

const FILTER_KEYS = ['town', 'stage', 'aboveScale', 'q'];

async function ranking(main, params, query) {
  const filter = FILTER_KEYS.filter((k) => query[k]).map((k) => k + ':' + query[k]).join(',');
  const sort = query.sort || '-networkedRate';
  const [rows, all] = await Promise.all([
    api.get('/bureau/enterprises', { sort, filter }),
    filter ? api.get('/bureau/enterprises', { sort: 'town' }) : null,
  ]);
  const towns = [...new Set((all || rows).map((r) => r.town).filter(Boolean))].sort((a, b) => a.localeCompare(b, lang()));

  const townSelect = el('select', { id: 'bu-f-town', name: 'town' }, el('option', { value: '' }, t('bu.all')),
    towns.map((x) => el('option', { value: x, selected: query.town === x }, x)));
  const stageSelect = el('select', { id: 'bu-f-stage', name: 'stage' }, el('option', { value: '' }, t('bu.all')),
    STAGES.map((s) => el('option', { value: s, selected: query.stage === s }, t('stage.' + s))));
  const scaleSelect = el('select', { id: 'bu-f-scale', name: 'aboveScale' }, el('option', { value: '' }, t('bu.all')),
    el('option', { value: 'true', selected: query.aboveScale === 'true' }, t('bu.aboveScale')),
    el('option', { value: 'false', selected: query.aboveScale === 'false' }, t('bu.belowScale')));
  const search = el('input', { id: 'bu-f-q', type: 'search', name: 'q', value: query.q || '' });
  const sortKeys = ['networkedRate', 'numericalControlRate', 'keyProcessNcRate', 'investmentWan', 'oeeChange', 'code', 'name', 'town'];
  const sortLabel = { networkedRate: 'bu.networkedRate', numericalControlRate: 'bu.ncRate', keyProcessNcRate: 'bu.keyNcRate',
    investmentWan: 'bu.investment', oeeChange: 'bu.oeeChange', code: 'bu.code', name: 'bu.name', town: 'bu.town' };
  const numeric = (k) => !['code', 'name', 'town'].includes(k);
  const sortSelect = el('select', { id: 'bu-f-sort', name: 'sort' }, sortKeys.map((k) => {
    const v = numeric(k) ? '-' + k : k;
    return el('option', { value: v, selected: sort === v }, t(sortLabel[k]) + (numeric(k) ? t('bu.sortDesc') : ''));
  }));
  const form = el('form', { class: 'toolbar bu-filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, input] of [['town', townSelect], ['stage', stageSelect], ['aboveScale', scaleSelect], ['q', search], ['sort', sortSelect]]) {
      if (input.value) q.set(k, input.value.trim());
    }
    navigate('/bureau/enterprises' + (q.toString() ? '?' + q.toString() : ''));
  } },
  field('bu-f-town', 'bu.filterTown', townSelect), field('bu-f-stage', 'bu.filterStage', stageSelect),
  field('bu-f-scale', 'bu.filterScale', scaleSelect), field('bu-f-q', 'bu.search', search), field('bu-f-sort', 'bu.sort', sortSelect),
  el('button', { type: 'submit', class: 'primary' }, t('bu.apply')),
  el('button', { type: 'button', class: 'secondary', onclick: () => navigate('/bureau/enterprises') }, t('bu.reset')));

  const pts = (v) => (v === null || v === undefined ? '—' : (v > 0 ? '+' : '') + fmt.number(v * 100, 1));
  const grid = table([
    { key: 'code', label: 'bu.code' },
    { key: 'name', label: 'bu.name', format: (v, r) => el('a', { href: '/bureau/enterprises/' + encodeURIComponent(r.id) }, v) },
    { key: 'town', label: 'bu.town' },
    { key: 'segment', label: 'bu.segment', format: (v) => bilingual(v, lang()) },
    { key: 'aboveScale', label: 'bu.aboveScale', format: (v) => (v ? t('bu.yes') : t('bu.no')) },
    { key: 'stage', label: 'bu.stage', format: (v) => stageWord(v) },
    { key: 'networkedRate', label: 'bu.networkedRate', num: true, format: (v) => fmt.percent(v) },
    { key: 'numericalControlRate', label: 'bu.ncRate', num: true, format: (v) => fmt.percent(v) },
    { key: 'keyProcessNcRate', label: 'bu.keyNcRate', num: true, format: (v) => fmt.percent(v) },
    { key: 'investmentWan', label: 'bu.investment', num: true, format: (v) => wan(v) },
    { key: 'subsidyGrantedWan', label: 'bu.subsidyGranted', num: true, format: (v) => wan(v) },
    { key: 'oeeChange', label: 'bu.oeeChange', num: true, format: (v, r) => (r.comparisonStatus === 'overlap'
      ? el('span', { class: 'bu-note' }, t('bu.overlap'))
      : [pts(v), coverageBeforeAfter(r.dataCoverageBefore, r.dataCoverageAfter) ? [el('br'), coverageBeforeAfter(r.dataCoverageBefore, r.dataCoverageAfter)] : null]) },
  ], rows);
  main.append(
    el('div', { class: 'page-head' }, el('h1', {}, t('bu.rankingTitle')), updatedAt(el('span'), new Date())),
    el('p', { class: 'bu-lead' }, t('bu.rankingLead')),
    form,
    el('div', { class: 'toolbar' }, el('span', { class: 'bu-count', role: 'status' }, t('bu.count', { n: fmt.number(rows.length) })),
      exportLinks('/bureau/enterprises/export', { sort, filter })),
    el('div', { class: 'bu-scroll' }, grid));
}

function field(id, label, input) {
  return el('div', { class: 'bu-field' }, el('label', { for: id }, t(label)), input);
}
