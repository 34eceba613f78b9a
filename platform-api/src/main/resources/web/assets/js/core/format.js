// Numbers, dates and durations in the current language and the plant's time zone; freshness stamps; state badges.
import { el } from './dom.js';
import { lang, t } from './i18n.js';

/* ---------------------------------------------------------------- formats */

function num(x) {
  return x === null || x === undefined || Number.isNaN(Number(x)) ? null : Number(x);
}

export const fmt = {
  number(x, digits = 0) {
    const v = num(x);
    if (v === null) return '—';
    return new Intl.NumberFormat(lang(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  },
  percent(x, digits = 1) {
    const v = num(x);
    if (v === null) return '—';
    return new Intl.NumberFormat(lang(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  },
  dateTime(iso, timeZone) {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(lang(), {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', timeZone: timeZone || undefined,
    }).format(new Date(iso));
  },
  date(iso, timeZone) {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(lang(), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: timeZone || undefined })
      .format(new Date(iso));
  },
  /** HH:MM:SS in the given time zone (the plant's), 24-hour clock. */
  time(iso, timeZone) {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', {
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: timeZone || undefined,
    }).format(new Date(iso));
  },
  /** HH:MM in the given time zone, for chart axes. */
  hm(isoOrMillis, timeZone) {
    if (isoOrMillis === null || isoOrMillis === undefined) return '—';
    return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', {
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timeZone || undefined,
    }).format(new Date(isoOrMillis));
  },
  /** 2 h 5 min / 2小时5分; at most the two largest units. */
  duration(seconds) {
    const v = num(seconds);
    if (v === null) return '—';
    let s = Math.max(0, Math.round(v));
    const parts = [];
    const units = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
    for (const [u, size] of units) {
      if (s >= size || (u === 's' && parts.length === 0)) {
        const n = Math.floor(s / size);
        s -= n * size;
        parts.push(t('dur.' + u, { n }));
      }
      if (parts.length === 2) break;
    }
    return parts.join(lang() === 'en' ? ' ' : '');
  },
};

/** Shows 更新于 / Updated at HH:MM:SS on node (the time in timeZone, or the browser's). */
export function updatedAt(node, isoOrDate, timeZone) {
  const d = isoOrDate instanceof Date ? isoOrDate : new Date(isoOrDate || Date.now());
  node.classList.add('updated-at');
  node.dataset.at = d.toISOString();
  node.textContent = t('updatedAt', { time: fmt.time(d.toISOString(), timeZone) });
  return node;
}

const STATE_CODES = { 0: 'off', 1: 'idle', 2: 'running', 3: 'setup', 4: 'fault' };
// a shape per state, so the badge reads without colour
const STATE_ICONS = { running: '▶', idle: '❚❚', off: '■', setup: '⚙', fault: '✖', no_data: '?' };

/** A badge with colour, shape and word for a machine state ('running', 2, 'no_data', …). */
export function stateBadge(state) {
  let s = typeof state === 'number' ? STATE_CODES[state] : state;
  if (!STATE_ICONS[s]) s = 'no_data';
  return el('span', { class: ['state', 'state-' + s], dataset: { state: s } },
    el('span', { class: 'state-icon', 'aria-hidden': 'true' }, STATE_ICONS[s]), ' ', el('span', { class: 'state-word' }, t('state.' + s)));
}

