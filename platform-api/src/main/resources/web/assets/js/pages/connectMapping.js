// Steps 4–7 of the Connect wizard: lazy browse tree, automap proposals (editable), save, live values, template.
import { addStrings, t, api, el, replace, message, fmt, every, updatedAt, stateBadge } from '../core.js';
import { machineLabel } from './connect.js';

addStrings({
  'zh-CN': {
    'cn.step4': '第 4 步：浏览节点，选择设备根节点', 'cn.rootHint': '展开节点，找到代表这台设备的对象（例如 Machines 下的 MT-01），点击“设为设备根节点”。', 'cn.expand': '展开', 'cn.collapse': '收起', 'cn.root': '设为设备根节点', 'cn.rootIs': '设备根节点：',
    'cn.step5': '第 5 步：自动映射', 'cn.automap': '自动映射', 'cn.mapping': '正在分析…', 'cn.specs': '识别到的配套规范：', 'cn.noSpecs': '未识别到配套规范，按名称匹配。',
    'cn.include': '采用', 'cn.signal': '信号', 'cn.node': '节点', 'cn.interval': '采样周期 (ms)', 'cn.deadband': '死区', 'cn.scale': '倍率', 'cn.offset': '偏移',
    'cn.why': '依据', 'cn.addRow': '添加一行', 'cn.save': '保存映射', 'cn.saved': '映射已保存（{n} 个信号）。采集程序会在几秒内生效。',
    'cn.noProposals': '没有找到可映射的节点；请手动添加。', 'cn.step6': '第 6 步：实时数据', 'cn.waiting': '等待第一批数据…',
    'cn.value': '值', 'cn.time': '时间', 'cn.quality': '质量', 'cn.step7': '第 7 步：保存为模板，用于同型号的下一台设备',
    'cn.tplName': '模板名称', 'cn.saveTpl': '保存模板', 'cn.tplSaved': '模板“{name}”已保存（型号 {model}）。', 'cn.nextMachine': '同型号的下一台设备',
    'cn.nextRoot': '该设备的根节点', 'cn.apply': '应用模板', 'cn.applied': '已为 {machine} 保存映射（{n} 个信号）。', 'cn.noSameModel': '没有同型号的其他设备。',
    'cn.notes': '说明',
    'sig.state': '设备状态', 'sig.parts_good': '良品计数', 'sig.parts_scrap': '废品计数', 'sig.cycle_time': '节拍', 'sig.spindle_load': '主轴负载',
    'sig.spindle_speed': '主轴转速', 'sig.press_force': '冲压力', 'sig.stroke_rate': '冲次', 'sig.weld_current': '焊接电流', 'sig.weld_voltage': '焊接电压',
    'sig.furnace_temp': '炉温', 'sig.furnace_setpoint': '炉温设定', 'sig.power': '功率', 'sig.energy': '电能', 'sig.alarm_code': '报警代码',
  },
  en: {
    'cn.step4': 'Step 4: browse and pick the machine\'s root node', 'cn.rootHint': 'Expand the nodes, find the object that stands for this machine (e.g. MT-01 under Machines) and press "Use as machine root".', 'cn.expand': 'Expand', 'cn.collapse': 'Collapse', 'cn.root': 'Use as machine root', 'cn.rootIs': 'Machine root node: ',
    'cn.step5': 'Step 5: automatic mapping', 'cn.automap': 'Propose a mapping', 'cn.mapping': 'Analysing…', 'cn.specs': 'Companion specifications found: ', 'cn.noSpecs': 'No companion specification found; matched by names.',
    'cn.include': 'Use', 'cn.signal': 'Signal', 'cn.node': 'Node', 'cn.interval': 'Sampling (ms)', 'cn.deadband': 'Deadband', 'cn.scale': 'Scale', 'cn.offset': 'Offset',
    'cn.why': 'Why', 'cn.addRow': 'Add a row', 'cn.save': 'Save mapping', 'cn.saved': 'Mapping saved ({n} signals). The collector applies it within seconds.',
    'cn.noProposals': 'No node could be matched; add rows by hand.', 'cn.step6': 'Step 6: live values', 'cn.waiting': 'Waiting for the first values…',
    'cn.value': 'Value', 'cn.time': 'Time', 'cn.quality': 'Quality', 'cn.step7': 'Step 7: save as a template for the next machine of the same model',
    'cn.tplName': 'Template name', 'cn.saveTpl': 'Save template', 'cn.tplSaved': 'Template "{name}" saved (model {model}).', 'cn.nextMachine': 'Next machine of the same model',
    'cn.nextRoot': 'Its root node', 'cn.apply': 'Apply template', 'cn.applied': 'Mapping saved for {machine} ({n} signals).', 'cn.noSameModel': 'There is no other machine of this model.',
    'cn.notes': 'Notes',
    'sig.state': 'Machine state', 'sig.parts_good': 'Good parts', 'sig.parts_scrap': 'Scrap parts', 'sig.cycle_time': 'Cycle time', 'sig.spindle_load': 'Spindle load',
    'sig.spindle_speed': 'Spindle speed', 'sig.press_force': 'Press force', 'sig.stroke_rate': 'Stroke rate', 'sig.weld_current': 'Weld current', 'sig.weld_voltage': 'Weld voltage',
    'sig.furnace_temp': 'Furnace temperature', 'sig.furnace_setpoint': 'Furnace set point', 'sig.power': 'Power', 'sig.energy': 'Energy', 'sig.alarm_code': 'Alarm code',
  },
});

const SIGNALS = ['state', 'parts_good', 'parts_scrap', 'cycle_time', 'spindle_load', 'spindle_speed', 'press_force', 'stroke_rate',
  'weld_current', 'weld_voltage', 'furnace_temp', 'furnace_setpoint', 'power', 'energy', 'alarm_code'];
const CONTAINERS = ['Object', 'View', 'ObjectType'];

function signalName(key) {
  return t('sig.' + key);
}

export function mappingSteps(later, state) {
  const s4 = el('section', { class: 'panel cn-step', 'aria-labelledby': 'cn-s4' }, el('h2', { id: 'cn-s4' }, t('cn.step4')));
  const s5 = el('section', { class: 'panel cn-step hidden', 'aria-labelledby': 'cn-s5' }, el('h2', { id: 'cn-s5' }, t('cn.step5')));
  const s6 = el('section', { class: 'panel cn-step hidden', 'aria-labelledby': 'cn-s6' }, el('h2', { id: 'cn-s6' }, t('cn.step6')));
  const s7 = el('section', { class: 'panel cn-step hidden', 'aria-labelledby': 'cn-s7' }, el('h2', { id: 'cn-s7' }, t('cn.step7')));
  replace(later, s4, s5, s6, s7);
  const rootLine = el('p', { class: 'cn-root-line', 'aria-live': 'polite' }, t('cn.rootHint'));
  const tree = el('ul', { class: 'cn-tree', role: 'tree', 'aria-label': t('cn.step4') });
  s4.append(rootLine, tree);
  const choose = (node, item) => {
    state.root = node.nodeId;
    tree.querySelectorAll('li.cn-chosen').forEach((li) => li.classList.remove('cn-chosen'));
    item.classList.add('cn-chosen');
    replace(rootLine, t('cn.rootIs'), el('code', {}, node.nodeId));
    automapStep(s5, s6, s7, state);
  };
  loadChildren(state, null, tree, choose);
}

async function loadChildren(state, nodeId, list, choose) {
  replace(list, el('li', { class: 'loading' }, t('loading')));
  try {
    const children = await api.get('/endpoints/' + state.endpoint.id + '/browse', nodeId ? { node: nodeId } : {});
    replace(list, children.length === 0 ? el('li', { class: 'bu-note' }, t('empty')) : children.map((n) => treeItem(state, n, choose)));
  } catch (err) {
    replace(list);
    message(list, 'error', err.detail || err.message);
  }
}

function treeItem(state, n, choose) {
  const label = n.displayName || n.browseName || n.nodeId;
  // the browse name is what the machine calls itself (MT-01); show it when the display name says something else
  const browse = n.browseName && n.browseName !== label && !label.includes(n.browseName) ? n.browseName : null;
  const sub = el('ul', { role: 'group', class: 'hidden' });
  const container = CONTAINERS.includes(n.nodeClass);
  let loaded = false;
  const toggle = container ? el('button', { type: 'button', class: 'cn-toggle', 'aria-expanded': 'false', 'aria-label': t('cn.expand') + ' ' + label, onclick: () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? '▾' : '▸';
    sub.classList.toggle('hidden', !open);
    if (open && !loaded) {
      loaded = true;
      loadChildren(state, n.nodeId, sub, choose);
    }
  } }, '▸') : el('span', { class: 'cn-leaf', 'aria-hidden': 'true' }, '•');
  const value = n.nodeClass === 'Variable' && n.value !== undefined && n.value !== null
    ? el('span', { class: 'cn-value' }, ' = ', typeof n.value === 'object' ? JSON.stringify(n.value) : String(n.value)) : null;
  const item = el('li', { role: 'treeitem', dataset: { node: n.nodeId } });
  // a machine is never one of the server's own standard objects (Server, Aliases …, namespace 0)
  const mayBeRoot = n.nodeClass === 'Object' && n.namespaceUri && n.namespaceUri !== 'http://opcfoundation.org/UA/';
  return replace(item, toggle, ' ', el('span', { class: 'cn-node-name' }, label), browse ? el('span', { class: 'cn-browse-name' }, ' (' + browse + ')') : null,
    el('span', { class: 'cn-node-class' }, ' ', n.nodeClass, n.dataType ? ' · ' + n.dataType : ''), value,
    mayBeRoot ? el('button', { type: 'button', class: 'secondary cn-root', onclick: () => choose(n, item) }, t('cn.root')) : null, sub);
}

async function automapStep(s5, s6, s7, state) {
  s5.classList.remove('hidden');
  const box = el('div', { 'aria-live': 'polite' });
  replace(s5, el('h2', { id: 'cn-s5' }, t('cn.step5')), el('button', { type: 'button', class: 'primary', onclick: run }, t('cn.automap')), box);
  async function run() {
    replace(box, el('p', { class: 'loading' }, t('cn.mapping')));
    try {
      const r = await api.post('/endpoints/' + state.endpoint.id + '/automap', { node: state.root });
      replace(box, r.companionSpecs && r.companionSpecs.length ? el('p', {}, t('cn.specs'), r.companionSpecs.join(', ')) : el('p', { class: 'bu-note' }, t('cn.noSpecs')),
        r.notes && r.notes.length ? el('details', {}, el('summary', {}, t('cn.notes')), el('ul', {}, r.notes.map((x) => el('li', {}, x)))) : null);
      if (!r.proposals || r.proposals.length === 0) message(box, 'empty', t('cn.noProposals'));
      box.append(editor(r.proposals || [], state, s6, s7));
    } catch (err) {
      replace(box);
      message(box, 'error', err.detail || err.message);
    }
  }
}

function editor(proposals, state, s6, s7) {
  const tbody = el('tbody');
  const rows = [];
  const addRow = (p) => {
    const i = rows.length;
    const input = (key, value, type, cls) => el('input', { type, value: value === undefined || value === null ? '' : String(value), class: cls,
      'aria-label': t('cn.' + key) + ' ' + (i + 1), step: type === 'number' ? 'any' : null });
    const row = {
      use: el('input', { type: 'checkbox', checked: true, 'aria-label': t('cn.include') + ' ' + (p.signal || i + 1) }),
      signal: el('select', { 'aria-label': t('cn.signal') + ' ' + (i + 1) }, SIGNALS.map((s) => el('option', { value: s, selected: s === p.signal }, s))),
      node: input('node', p.nodeId, 'text', 'cn-wide'), interval: input('interval', 1000, 'number', 'cn-num'),
      deadband: input('deadband', 0, 'number', 'cn-num'), scale: input('scale', 1, 'number', 'cn-num'), offset: input('offset', 0, 'number', 'cn-num'),
      valueMap: p.valueMap || null,
    };
    rows.push(row);
    const name = el('div', { class: 'bu-note' }, signalName(row.signal.value));
    row.signal.addEventListener('change', () => { name.textContent = signalName(row.signal.value); });
    tbody.append(el('tr', {}, el('td', {}, row.use), el('td', {}, row.signal, name),
      el('td', { class: 'cn-why' }, p.rule ? el('strong', {}, p.rule) : null, p.reason ? el('div', {}, p.reason) : null),
      el('td', {}, row.node, p.path ? el('div', { class: 'bu-note' }, p.path) : null),
      el('td', {}, row.interval), el('td', {}, row.deadband), el('td', {}, row.scale), el('td', {}, row.offset)));
  };
  proposals.forEach(addRow);
  const status = el('div', { 'aria-live': 'polite' });
  const save = async () => {
    replace(status);
    const entries = rows.filter((r) => r.use.checked).map((r) => ({ signal: r.signal.value, endpointId: state.endpoint.id, nodeId: r.node.value.trim(),
      samplingIntervalMillis: Number(r.interval.value || 1000), deadband: Number(r.deadband.value || 0), scale: Number(r.scale.value || 1),
      offset: Number(r.offset.value || 0), valueMap: r.valueMap }));
    try {
      await api.put('/machines/' + state.machine.machine.id + '/mapping', { entries });
      message(status, 'ok', t('cn.saved', { n: entries.length }));
      liveStep(s6, state);
      templateStep(s7, state);
    } catch (err) {
      message(status, 'error', err.detail || err.message);
    }
  };
  const head = ['include', 'signal', 'why', 'node', 'interval', 'deadband', 'scale', 'offset'].map((k) => el('th', { scope: 'col' }, t('cn.' + k)));
  return el('div', {}, el('div', { class: 'bu-scroll' }, el('table', { class: 'table cn-proposals' }, el('thead', {}, el('tr', {}, head)), tbody)),
    el('div', { class: 'toolbar' }, el('button', { type: 'button', class: 'secondary', onclick: () => addRow({}) }, t('cn.addRow')),
      el('button', { type: 'button', class: 'primary', onclick: save }, t('cn.save'))), status);
}

function liveStep(s6, state) {
  s6.classList.remove('hidden');
  const stamp = el('span');
  const body = el('div', { class: 'cn-live', 'aria-live': 'polite' }, el('p', { class: 'loading' }, t('cn.waiting')));
  replace(s6, el('div', { class: 'page-head' }, el('h2', { id: 'cn-s6' }, t('cn.step6')), stamp), body);
  const poll = async () => {
    try {
      const m = await api.get('/machines/' + state.machine.machine.id);
      const current = Object.entries(m.current || {});
      if (current.length === 0) return;
      updatedAt(stamp, new Date());
      replace(body, el('table', { class: 'table cn-live-values' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('cn.signal')), el('th', { scope: 'col', class: 'num' }, t('cn.value')),
          el('th', { scope: 'col' }, t('cn.time')), el('th', { scope: 'col' }, t('cn.quality')))),
        el('tbody', {}, current.map(([k, v]) => el('tr', { dataset: { signal: k } }, el('td', {}, signalName(k), ' ', el('code', {}, k)),
          el('td', { class: 'num' }, v.value === null ? '—' : k === 'state' ? stateBadge(v.value)
            : fmt.number(v.value, Number.isInteger(v.value) ? 0 : 2) + (v.unit && v.unit !== 'code' ? ' ' + v.unit : '')),
          el('td', {}, fmt.time(v.time)), el('td', {}, v.status || ''))))));
    } catch (err) { /* the next poll tries again; a lost session sends the user to the login page */ }
  };
  poll();
  every(2000, poll);
}

function templateStep(s7, state) {
  s7.classList.remove('hidden');
  const m = state.machine.machine;
  const name = el('input', { id: 'cn-tpl-name', type: 'text', value: (m.model || m.kindLabel || '') + ' standard', maxlength: 100 });
  const status = el('div', { 'aria-live': 'polite' });
  const applyBox = el('div');
  const save = async () => {
    replace(status);
    try {
      const tpl = await api.post('/templates', { machineId: m.id, endpointId: state.endpoint.id, rootNode: state.root, name: name.value.trim() });
      message(status, 'ok', t('cn.tplSaved', { name: tpl.name, model: tpl.model }));
      applyForm(applyBox, tpl, state);
    } catch (err) {
      message(status, 'error', err.detail || err.message);
    }
  };
  replace(s7, el('h2', { id: 'cn-s7' }, t('cn.step7')),
    el('div', { class: 'form-row' }, el('div', { class: 'cn-field' }, el('label', { for: 'cn-tpl-name' }, t('cn.tplName')), name),
      el('button', { type: 'button', class: 'primary', onclick: save }, t('cn.saveTpl'))), status, applyBox);
}

function applyForm(box, tpl, state) {
  const me = state.machine.machine;
  const others = state.machines.filter((x) => x.machine.id !== me.id && x.machine.model === me.model && x.enterprise.id === state.machine.enterprise.id);
  if (others.length === 0) {
    replace(box);
    message(box, 'empty', t('cn.noSameModel'));
    return;
  }
  const pick = el('select', { id: 'cn-next' }, others.map((x, i) => el('option', { value: String(i) }, machineLabel(x))));
  // the next machine's root usually differs only by its code (…/MT-01 → …/MT-02)
  const guess = () => state.root.split(me.code).join(others[Number(pick.value)].machine.code);
  const root = el('input', { id: 'cn-next-root', type: 'text', value: guess(), class: 'cn-wide' });
  pick.addEventListener('change', () => { root.value = guess(); });
  const status = el('div', { 'aria-live': 'polite' });
  replace(box, el('div', { class: 'form-row' },
    el('div', { class: 'cn-field' }, el('label', { for: 'cn-next' }, t('cn.nextMachine')), pick),
    el('div', { class: 'cn-field' }, el('label', { for: 'cn-next-root' }, t('cn.nextRoot')), root),
    el('button', { type: 'button', class: 'primary', onclick: async () => {
      replace(status);
      const target = others[Number(pick.value)];
      try {
        const out = await api.post('/templates/' + tpl.id + '/apply', { machineId: target.machine.id, endpointId: state.endpoint.id, rootNode: root.value.trim() });
        message(status, 'ok', t('cn.applied', { machine: target.machine.code, n: (out.entries || []).length }));
      } catch (err) {
        message(status, 'error', err.detail || err.message);
      }
    } }, t('cn.apply'))), status);
}
