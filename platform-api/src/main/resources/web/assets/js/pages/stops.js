// Operators classify stops that no alarm names: a dialog listing the machine's recent stops with a reason picker.
import { addStrings, api, el, fmt, message, replace, stateBadge, t } from '../core.js';

addStrings({
  'zh-CN': {
    'stops.classify': '停机分类', 'stops.title': '{machine} 的停机', 'stops.lead': '为没有报警代码的停机选择原因，原因会计入停机帕累托。',
    'stops.none': '最近 8 小时没有可分类的停机。', 'stops.reason': '停机原因', 'stops.save': '保存', 'stops.close': '关闭',
    'stops.saved': '已保存：{reason}', 'stops.pick': '请选择…', 'stops.ongoing': '进行中', 'stops.by': '由 {who} 分类',
    'stops.started': '开始 {time}', 'stops.failed': '保存失败：{detail}',
  },
  en: {
    'stops.classify': 'Classify stop', 'stops.title': 'Stops of {machine}', 'stops.lead': 'Give a reason to stops no alarm code names; it counts in the downtime Pareto.',
    'stops.none': 'No stop to classify in the last 8 hours.', 'stops.reason': 'Stop reason', 'stops.save': 'Save', 'stops.close': 'Close',
    'stops.saved': 'Saved: {reason}', 'stops.pick': 'Choose…', 'stops.ongoing': 'ongoing', 'stops.by': 'classified by {who}',
    'stops.started': 'Started {time}', 'stops.failed': 'Could not save: {detail}',
  },
});

let dialogCount = 0;

/** Opens the classification dialog for machine ({id, code, name}); onSaved runs after each saved reason. */
export async function classifyStops(machine, timeZone, onSaved) {
  const list = el('ul', { class: 'stop-list' });
  const status = el('div', { role: 'status', 'aria-live': 'polite' });
  const dialog = el('dialog', { 'aria-labelledby': 'stops-title-' + (++dialogCount) },
    el('h2', { id: 'stops-title-' + dialogCount }, t('stops.title', { machine: machine.code + ' ' + machine.name })),
    el('p', {}, t('stops.lead')), status, list,
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('stops.close'))));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  const [reasons, stops] = await Promise.all([
    api.get('/downtime-reasons'),
    api.get('/machines/' + machine.id + '/stops', { from: new Date(Date.now() - 8 * 3600e3).toISOString() }),
  ]);
  const open = stops.filter((s) => s.classifiable);
  if (open.length === 0) {
    message(list, 'empty', t('stops.none'));
    return dialog;
  }
  open.forEach((s, k) => {
    const id = 'stop-reason-' + dialogCount + '-' + k;
    const select = el('select', { id },
      el('option', { value: '' }, t('stops.pick')),
      reasons.map((r) => el('option', { value: String(r.code), selected: s.classification && s.classification.code === r.code }, r.name)));
    const save = el('button', { type: 'button', class: 'primary', onclick: async () => {
      if (!select.value) return;
      save.disabled = true;
      try {
        const saved = await api.put('/machines/' + machine.id + '/stops/' + encodeURIComponent(s.start) + '/reason', { code: Number(select.value) });
        replace(status);
        message(status, 'ok', t('stops.saved', { reason: saved.reason }));
        if (onSaved) onSaved(saved);
      } catch (e) {
        replace(status);
        message(status, 'error', t('stops.failed', { detail: e.detail || e.message }));
      } finally {
        save.disabled = false;
      }
    } }, t('stops.save'));
    list.appendChild(el('li', {},
      el('span', {}, stateBadge(s.state), ' ', t('stops.started', { time: fmt.time(s.start, timeZone) }), ' · ',
        s.ongoing ? t('stops.ongoing') : fmt.duration(s.seconds),
        s.classification ? el('span', { class: 'figure-label' }, ' · ', t('stops.by', { who: s.classification.by || '—' })) : null),
      el('span', { class: 'form-row' }, el('div', {}, el('label', { for: id }, t('stops.reason')), select), save)));
  });
  return dialog;
}
