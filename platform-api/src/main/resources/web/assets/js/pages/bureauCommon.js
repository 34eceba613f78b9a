// Shared by the bureau pages: strings for the 智能化改造 indicators, stages, export links and small figure cards.
import { addStrings, t, el, fmt } from '../core.js';

addStrings({
  'zh-CN': {
    'bu.nav': '县域概览', 'bu.navRanking': '企业排名', 'bu.navUpgrade': '智能化改造',
    'bu.networkedRate': '设备联网率', 'bu.ncRate': '数控化率', 'bu.keyNcRate': '关键工序数控化率',
    'bu.enterprises': '企业数', 'bu.aboveScale': '规上企业', 'bu.investment': '投资额（万元）', 'bu.subsidyApplied': '申请补助（万元）',
    'bu.subsidyGranted': '获批补助（万元）', 'bu.assets': '生产设备', 'bu.networkedAssets': '联网设备', 'bu.withoutLedger': '未报台账企业',
    'bu.town': '乡镇街道', 'bu.segment': '行业细分', 'bu.stage': '改造阶段', 'bu.code': '企业代码', 'bu.name': '企业名称',
    'bu.creditCode': '统一社会信用代码', 'bu.projects': '项目数', 'bu.oeeChange': 'OEE 变化（百分点）', 'bu.county': '全县',
    'stage.not_started': '未启动', 'stage.planned': '已规划', 'stage.in_progress': '实施中', 'stage.completed': '已完成', 'stage.accepted': '已验收',
    'bu.exportCsv': '导出 CSV', 'bu.exportXlsx': '导出 Excel (XLSX)', 'bu.yes': '是', 'bu.no': '否', 'bu.ofAssets': '{n} / {of} 台',
    'bu.rateHelp.networked': '最近 24 小时有数据的生产设备 ÷ 台账中的全部生产设备',
    'basis.set': '按设定的对比期', 'basis.after_completion': '完工后同样长的时期', 'basis.recent': '基准期之后最近的同样长时期（项目未完工）',
    'basis.pending': '对比期尚未开始', 'basis.no_baseline': '没有基准期',
    'bu.rateHelp.nc': '数控设备 ÷ 生产设备（台账）', 'bu.coverage': '数据覆盖率', 'bu.coverageBeforeAfter': '数据覆盖率 {b} → {a}',
    'bu.overlap': '两期重叠，不作比较', 'status.overlap': '两期重叠', 'status.pending': '对比期尚未开始', 'status.no_baseline': '没有基准期', 'bu.rateHelp.keyNc': '关键工序中的数控设备 ÷ 关键工序设备（台账）',
  },
  en: {
    'bu.nav': 'County overview', 'bu.navRanking': 'Enterprise ranking', 'bu.navUpgrade': 'Smart upgrade',
    'bu.networkedRate': 'Networked rate (设备联网率)', 'bu.ncRate': 'CNC rate (数控化率)', 'bu.keyNcRate': 'Key-process CNC rate (关键工序数控化率)',
    'bu.enterprises': 'Enterprises', 'bu.aboveScale': 'Above designated size', 'bu.investment': 'Investment (10k yuan)',
    'bu.subsidyApplied': 'Subsidy applied (10k yuan)', 'bu.subsidyGranted': 'Subsidy granted (10k yuan)', 'bu.assets': 'Production assets',
    'bu.networkedAssets': 'Networked assets', 'bu.withoutLedger': 'Enterprises without a ledger', 'bu.town': 'Town', 'bu.segment': 'Segment',
    'bu.stage': 'Upgrade stage', 'bu.code': 'Code', 'bu.name': 'Enterprise', 'bu.creditCode': 'Unified social credit code',
    'bu.projects': 'Projects', 'bu.oeeChange': 'OEE change (points)', 'bu.county': 'County',
    'stage.not_started': 'Not started', 'stage.planned': 'Planned', 'stage.in_progress': 'In progress', 'stage.completed': 'Completed', 'stage.accepted': 'Accepted',
    'bu.exportCsv': 'Export CSV', 'bu.exportXlsx': 'Export Excel (XLSX)', 'bu.yes': 'yes', 'bu.no': 'no', 'bu.ofAssets': '{n} of {of} assets',
    'bu.rateHelp.networked': 'production assets with data in the last 24 h ÷ all production assets in the ledger',
    'basis.set': 'the comparison period set for the project', 'basis.after_completion': 'an equally long period after completion',
    'basis.recent': 'the most recent days after the baseline, at most as many (project not finished)', 'basis.pending': 'the comparison period has not begun', 'basis.no_baseline': 'no baseline period',
    'bu.rateHelp.nc': 'CNC assets ÷ production assets (ledger)', 'bu.coverage': 'Data coverage', 'bu.coverageBeforeAfter': 'data coverage {b} → {a}',
    'bu.overlap': 'periods overlap, not compared', 'status.overlap': 'periods overlap', 'status.pending': 'comparison not begun', 'status.no_baseline': 'no baseline', 'bu.rateHelp.keyNc': 'CNC assets in key processes ÷ key-process assets (ledger)',
  },
});

export const STAGES = ['not_started', 'planned', 'in_progress', 'completed', 'accepted'];
// colour per stage, from "nothing yet" grey to "accepted" dark green; the legend always names the stage too
export const STAGE_COLOURS = ['#a0aec0', '#f6c453', '#4299e1', '#38a169', '#1c4532'];

/** A figure card: a big number, its label and an optional explanation line. */
export function figureCard(label, value, note) {
  return el('div', { class: 'card bu-figure' }, el('div', { class: 'figure-label' }, label), el('div', { class: 'figure' }, value),
    note ? el('div', { class: 'bu-note' }, note) : null);
}

/** Links that download an export in CSV and XLSX (a plain GET with the session cookie; the server names the file). */
export function exportLinks(path, query) {
  const link = (format, label) => {
    const params = new URLSearchParams(Object.entries(Object.assign({}, query, { format })).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    return el('a', { class: 'button secondary bu-export', href: '/api/v1' + path + '?' + params.toString(), download: '', 'data-format': format }, t(label));
  };
  return el('span', { class: 'bu-exports' }, link('csv', 'bu.exportCsv'), link('xlsx', 'bu.exportXlsx'));
}

/** Below this a share of data shows (it would round to 100.0 % above). */
export const FULL_COVERAGE = 0.9995;

export function partial(c) {
  return c !== null && c !== undefined && c < FULL_COVERAGE;
}

/** "数据覆盖率 9.4 % → 40.0 %" when either side had data for less than all of its planned time; null otherwise. */
export function coverageBeforeAfter(before, after) {
  if (!partial(before) && !partial(after)) return null;
  return el('span', { class: 'bu-coverage' }, t('bu.coverageBeforeAfter', { b: fmt.percent(before), a: fmt.percent(after) }));
}

export function stageWord(key) {
  return el('span', { class: ['bu-stage', 'bu-stage-' + key] }, t('stage.' + key));
}

/** Money in 万元 with one decimal. */
export function wan(x) {
  return fmt.number(x, 1);
}

/** The part of a bilingual server label ("设备综合效率 OEE", "万元/人·月 10k yuan/person-month") for the current language. */
export function bilingual(label, lang) {
  if (!label) return '';
  const m = /^(.*[\u3400-\u9fff（）·][^\s]*)\s+([^\u3400-\u9fff]+)$/.exec(label);
  if (!m) return label;
  return lang === 'en' ? m[2] : m[1].trim();
}
