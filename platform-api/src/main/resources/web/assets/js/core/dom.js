// The DOM builder (never innerHTML: strings become text nodes), message boxes and sortable tables.
import { lang, t } from './i18n.js';

/* ---------------------------------------------------------------- DOM */

/**
 * el('a', {href: '/x', class: 'btn', onclick: fn, 'aria-label': '…'}, 'text', otherNode, [more, nodes]).
 * Strings and numbers become text nodes; null/undefined/false children are skipped.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled' || k === 'multiple') node[k] = v;
    else if (k === 'for') node.htmlFor = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else if (c instanceof Node) node.appendChild(c);
    else node.appendChild(document.createTextNode(String(c)));
  }
}

/** Removes every child of node and appends the given ones. */
export function replace(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, children);
  return node;
}

/** Appends a message box (kind: 'info' | 'empty' | 'error' | 'ok') to container and returns it. */
export function message(container, kind, text) {
  const box = el('div', { class: ['message', 'message-' + kind], role: kind === 'error' ? 'alert' : 'status' }, text);
  container.appendChild(box);
  return box;
}

/* ---------------------------------------------------------------- table */

/**
 * table([{key, label, format?: (value, row) => string|Node, num?: true, sortable?: false}], rows).
 * Header buttons sort by a column (again: the other way).
 */
export function table(columns, rows) {
  let sortKey = null;
  let ascending = true;
  const tbody = el('tbody');
  const headers = columns.map((c) => {
    const label = t(c.label);
    if (c.sortable === false) return el('th', { scope: 'col', class: c.num ? 'num' : null }, label);
    const th = el('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': 'none' },
      el('button', { type: 'button', class: 'sort', onclick: () => sortBy(c.key, th) }, label));
    return th;
  });
  function sortBy(key, th) {
    ascending = sortKey === key ? !ascending : true;
    sortKey = key;
    headers.forEach((h) => h.setAttribute('aria-sort', 'none'));
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    fill();
  }
  function fill() {
    let list = rows.slice();
    if (sortKey) {
      list.sort((a, b) => {
        const x = a[sortKey];
        const y = b[sortKey];
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), lang());
        return ascending ? r : -r;
      });
    }
    replace(tbody, list.length === 0
      ? el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, t('empty')))
      : list.map((row) => el('tr', {}, columns.map((c) => {
        const v = c.format ? c.format(row[c.key], row) : row[c.key];
        return el('td', { class: c.num ? 'num' : null }, v === null || v === undefined ? '—' : v);
      }))));
  }
  fill();
  return el('table', { class: 'table' }, el('thead', {}, el('tr', {}, headers)), tbody);
}

