// The Andon board (/lines/:lineId/board) for TVs and tablets: live by Server-Sent Events, full-screen mode.
import { addStrings, api, currentUser, el, every, fmt, message, noAccessPage, onLeave, replace, route, stateBadge, t, updatedAt, ApiError } from '../core.js';
import { classifyStops } from './stops.js';

addStrings({
  'zh-CN': {
    'board.title': '安灯看板', 'board.fullscreen': '全屏', 'board.exitFullscreen': '退出全屏', 'board.inState': '持续',
    'board.shiftOee': '本班 OEE', 'board.apq': '可用 {a} · 性能 {p} · 质量 {q}', 'board.noShift': '不在班次内',
    'board.connecting': '正在连接实时数据…', 'board.lost': '实时连接中断，正在重连…', 'board.empty': '这条产线没有设备。',
    'board.plant': '工厂总览', 'board.coverage': '数据覆盖率',
    'board.coverageHelp': '本班计划生产时间中有数据的比例；无数据的时间既不算运行也不算损失',
  },
  en: {
    'board.title': 'Andon board', 'board.fullscreen': 'Full screen', 'board.exitFullscreen': 'Exit full screen', 'board.inState': 'For',
    'board.shiftOee': 'Shift OEE', 'board.apq': 'A {a} · P {p} · Q {q}', 'board.noShift': 'Outside shift hours',
    'board.connecting': 'Connecting to live data…', 'board.lost': 'Live connection lost; reconnecting…', 'board.empty': 'This line has no machines.',
    'board.plant': 'Plant overview', 'board.coverage': 'Data coverage',
    'board.coverageHelp': 'share of the shift\'s planned production time with data; time without data is neither run time nor a loss',
  },
});

const STOPPED = new Set(['idle', 'off', 'setup', 'fault']);
/** Coverage below this shows on the tile (it would round to 100.0 % above). */
const FULL_COVERAGE = 0.9995;
/** No event for this long: the board says its data is not live. */
const STALE_MS = 10000;

async function boardPage(main, { lineId }) {
  const user = await currentUser();
  const mayClassify = user && (user.role === 'plant_manager' || user.role === 'admin');
  document.body.classList.add('board-mode');
  onLeave(() => document.body.classList.remove('board-mode'));

  const title = el('h1', {}, t('board.title'));
  const place = el('span', { class: 'tile-name' });
  const stamp = el('span', { class: 'updated-at' }, t('board.connecting'));
  const summary = el('div', { class: 'board-summary', 'aria-label': t('board.title') });
  const grid = el('div', { class: 'board-grid' });
  const fsButton = el('button', { type: 'button', onclick: toggleFullscreen }, t('board.fullscreen'));
  const board = el('section', { class: 'board' },
    el('div', { class: 'board-head' }, title, place, fsButton, stamp), summary, grid);
  main.appendChild(board);

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (board.requestFullscreen) board.requestFullscreen().catch(() => {});
  }
  const onFs = () => { fsButton.textContent = document.fullscreenElement ? t('board.exitFullscreen') : t('board.fullscreen'); };
  document.addEventListener('fullscreenchange', onFs);
  onLeave(() => document.removeEventListener('fullscreenchange', onFs));

  const tiles = new Map();
  let last = null;
  let lastEventAt = 0;

  function tileFor(m, tz) {
    let tile = tiles.get(m.id);
    if (tile) return tile;
    const badge = el('span');
    const inState = el('span', { class: 'v' });
    const oee = el('span', { class: 'v tile-oee' });
    const apq = el('div', { class: 'tile-row' });
    const coverageValue = el('span', { class: 'v' });
    const coverage = el('div', { class: 'tile-row tile-coverage', title: t('board.coverageHelp'), hidden: true },
      el('span', { class: 'k' }, t('board.coverage')), coverageValue);
    const classify = mayClassify ? el('button', { type: 'button', class: 'classify',
      onclick: () => classifyStops(m, last && last.plant ? last.plant.timeZone : tz).catch(showError) }, t('stops.classify')) : null;
    const node = el('article', { class: 'tile', 'aria-label': m.code },
      el('div', { class: 'tile-code' }, el('a', { href: '/machines/' + m.id }, m.code)),
      el('div', { class: 'tile-name' }, m.name), badge,
      el('div', { class: 'tile-row' }, el('span', { class: 'k' }, t('board.inState')), inState),
      el('div', { class: 'tile-row' }, el('span', { class: 'k' }, t('board.shiftOee')), oee), apq, coverage, classify);
    tile = { node, badge, inState, oee, apq, coverage, coverageValue, classify };
    tiles.set(m.id, tile);
    return tile;
  }

  function draw(data) {
    last = data;
    lastEventAt = Date.now();
    const tz = data.plant ? data.plant.timeZone : undefined;
    if (data.line) {
      replace(title, data.line.name, ' · ', t('board.title'));
      replace(place, data.plant ? data.plant.name : '');
      document.title = data.line.name + ' · ' + t('board.title');
    }
    if (data.machines.length === 0) {
      replace(grid);
      message(grid, 'empty', t('board.empty'));
    }
    const counts = {};
    const seen = new Set();
    data.machines.forEach((m, k) => {
      seen.add(m.id);
      counts[m.state] = (counts[m.state] || 0) + 1;
      const tile = tileFor(m, tz);
      tile.node.dataset.state = m.state;
      replace(tile.badge, stateBadge(m.state));
      const seconds = m.since ? (new Date(data.at) - new Date(m.since)) / 1000 : null;
      tile.inState.textContent = fmt.duration(seconds);
      tile.oee.textContent = m.shift ? fmt.percent(m.shift.oee) : '—';
      tile.apq.textContent = m.shift
        ? t('board.apq', { a: fmt.percent(m.shift.availability), p: fmt.percent(m.shift.performance), q: fmt.percent(m.shift.quality) })
        : t('board.noShift');
      // a machine connected mid-shift, or silent for a while, is judged on the time it reported: say how much that was
      const c = m.shift ? m.shift.dataCoverage : null;
      tile.coverage.hidden = !(c !== null && c !== undefined && c < FULL_COVERAGE);
      tile.coverageValue.textContent = tile.coverage.hidden ? '' : fmt.percent(c);
      if (tile.classify) tile.classify.hidden = !STOPPED.has(m.state);
      if (grid.children[k] !== tile.node) grid.insertBefore(tile.node, grid.children[k] || null);
    });
    for (const [id, tile] of tiles) {
      if (!seen.has(id)) { tile.node.remove(); tiles.delete(id); }
    }
    replace(summary, ['running', 'idle', 'setup', 'fault', 'off', 'no_data'].filter((s) => counts[s])
      .map((s) => el('span', {}, stateBadge(s), ' ', el('strong', {}, String(counts[s])))));
    stamp.classList.remove('stale');
    updatedAt(stamp, data.at, tz);
  }

  function showError(e) {
    message(grid, 'error', t('errorText', { detail: e.detail || e.message }));
  }

  const source = new EventSource('/api/v1/lines/' + encodeURIComponent(lineId) + '/board/stream');
  onLeave(() => source.close());
  source.addEventListener('board', (e) => draw(JSON.parse(e.data)));
  source.addEventListener('error', async () => {
    if (source.readyState !== EventSource.CLOSED) return;   // the browser is reconnecting by itself
    // refused outright: find out why (another enterprise's line is a 404, an expired session a 401)
    try {
      await api.get('/lines/' + lineId + '/machines');
      stamp.classList.add('stale');
      stamp.textContent = t('board.lost');
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 403 || err.status === 400)) noAccessPage(main);
    }
  });
  every(2000, () => {
    if (lastEventAt && Date.now() - lastEventAt > STALE_MS) {
      stamp.classList.add('stale');
      stamp.textContent = t('board.lost') + ' ' + (last ? t('updatedAt', { time: fmt.time(last.at, last.plant && last.plant.timeZone) }) : '');
    }
  });
}

route('/lines/:lineId/board', { roles: ['plant_manager', 'admin', 'bureau', 'vendor'], title: 'board.title', render: boardPage });
