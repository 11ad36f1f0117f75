// Building blocks shared by every page: messages, busy buttons, progress,
// tables, pagers, forms. Pages of later families (selections, imports,
// webhooks) are meant to be made of the same blocks.
import { h, replace } from './dom.js';
import { ApiError } from './api.js';

// errorBox shows an error as the API said it: its message verbatim, then
// where it came from.
export function errorBox(err) {
  if (err instanceof ApiError) {
    return h('div', { class: 'error', role: 'alert' },
      h('span', { class: 'error-message' }, err.message),
      h('span', { class: 'error-where' }, (err.status ? 'HTTP ' + err.status : 'no answer') + ' · ' + err.method + ' ' + err.url));
  }
  return h('div', { class: 'error', role: 'alert' }, h('span', { class: 'error-message' }, String((err && err.message) || err)));
}

// Messages is a page's message area.
export class Messages {
  constructor() { this.el = h('div', { class: 'messages', 'aria-live': 'polite' }); }
  clear() { replace(this.el); }
  error(err) { replace(this.el, errorBox(err)); }
  ok(text) { replace(this.el, h('div', { class: 'ok', role: 'status' }, text)); }
}

// busy runs fn while button is disabled and, after a moment, shows how long
// the work has taken: the API answers a structure change only once it is
// committed, and a type change or an index on millions of rows takes a while.
// Errors go to msgs; the result (or undefined after an error) is returned.
export async function busy(button, msgs, fn) {
  const label = button ? button.textContent : '';
  const t0 = Date.now();
  let timer;
  if (button) {
    button.disabled = true;
    button.classList.add('busy');
    timer = setInterval(() => {
      const s = Math.round((Date.now() - t0) / 1000);
      if (s >= 1) button.textContent = label + ' … ' + s + ' s';
    }, 250);
  }
  if (msgs) msgs.clear();
  try {
    return await fn();
  } catch (err) {
    if (msgs) msgs.error(err);
    else throw err;
  } finally {
    if (button) {
      clearInterval(timer);
      button.textContent = label;
      button.disabled = false;
      button.classList.remove('busy');
    }
  }
}

// progress is a bar for work the console can measure (value of max), or an
// indeterminate one with the elapsed time while max is unknown.
export function progress(label) {
  const bar = h('progress');
  const text = h('span', { class: 'progress-text' }, label);
  const el = h('div', { class: 'progress', role: 'status' }, bar, text);
  const t0 = Date.now();
  return {
    el,
    set(value, max, note) {
      if (max > 0) { bar.max = max; bar.value = value; } else bar.removeAttribute('value');
      const secs = Math.round((Date.now() - t0) / 1000);
      text.textContent = label + (max > 0 ? ' ' + value + ' / ' + max : '') + (note ? ' · ' + note : '') + ' · ' + secs + ' s';
    },
    done(note) { bar.max = 1; bar.value = 1; text.textContent = label + (note ? ' · ' + note : ''); },
  };
}

// table renders rows (plain objects) under columns [{key, label, value(row),
// sortable}]. A cell value is text, or a Node a page built with h(). With
// open(row) a row is a link; with sort {by, desc} and onSort(key) the headers
// of sortable columns sort.
export function table({ columns, rows, open, sort, onSort, empty, caption }) {
  const head = h('tr', null, columns.map((c) => {
    if (!c.sortable || !onSort) return h('th', { scope: 'col' }, c.label);
    const active = sort && sort.by === c.key;
    const mark = active ? (sort.desc ? ' ▼' : ' ▲') : '';
    return h('th', { scope: 'col', 'aria-sort': active ? (sort.desc ? 'descending' : 'ascending') : 'none' },
      h('button', { type: 'button', class: 'sort', data: { sort: c.key }, onclick: () => onSort(c.key) }, c.label + mark));
  }));
  const body = h('tbody', null, rows.map((r) => {
    const cells = columns.map((c) => {
      const v = c.value ? c.value(r) : r[c.key];
      return h('td', { class: c.class || null }, v instanceof Node ? v : (v === undefined || v === null ? '' : String(v)));
    });
    const tr = h('tr', open ? { class: 'link', tabindex: '0', data: { id: r.ID ?? '' } } : { data: { id: r.ID ?? '' } }, cells);
    if (open) {
      tr.addEventListener('click', (e) => { if (!e.target.closest('button, input, select, a')) open(r); });
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(r); });
    }
    return tr;
  }));
  if (!rows.length && empty) body.append(h('tr', null, h('td', { colspan: String(columns.length), class: 'empty' }, empty)));
  return h('div', { class: 'table-wrap' }, h('table', null, caption ? h('caption', null, caption) : null, h('thead', null, head), body));
}

// pager is the row of paging buttons; each handler may be null (disabled).
export function pager({ first, prev, next, last, label }) {
  const b = (text, fn, name) => h('button', { type: 'button', class: 'page-' + name, disabled: !fn, onclick: fn || null }, text);
  return h('nav', { class: 'pager', 'aria-label': 'pages' },
    b('« First', first, 'first'), b('‹ Previous', prev, 'prev'),
    h('span', { class: 'pager-label' }, label || ''),
    b('Next ›', next, 'next'), b('Last »', last, 'last'));
}

// confirmButton asks for a second click before it does something that cannot
// be undone; no modal dialog, nothing to dismiss.
export function confirmButton(label, confirmLabel, action, cls) {
  let armed = false;
  let timer;
  const btn = h('button', { type: 'button', class: cls || 'danger' }, label);
  btn.addEventListener('click', () => {
    if (!armed) {
      armed = true;
      btn.textContent = confirmLabel;
      btn.classList.add('armed');
      timer = setTimeout(() => { armed = false; btn.textContent = label; btn.classList.remove('armed'); }, 5000);
      return;
    }
    clearTimeout(timer);
    armed = false;
    btn.textContent = label;
    btn.classList.remove('armed');
    action(btn);
  });
  return btn;
}

// labelled wraps an input with its label.
export function labelled(text, input, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'label' }, text), input, hint ? h('span', { class: 'hint' }, hint) : null);
}

// form builds a form from inputs and runs submit(values-independent) with the
// submit button busy. submit receives the button.
export function form({ cls, children, submitLabel, submit, msgs }) {
  const btn = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const f = h('form', { class: cls || 'form', novalidate: true }, children, h('div', { class: 'actions' }, btn));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(btn, msgs, () => submit(btn));
  });
  return f;
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', null, title), children);
}

export function yesNo(b) { return b ? 'yes' : 'no'; }

export function checkbox(name, checked) {
  return h('input', { type: 'checkbox', name, checked: !!checked });
}

export function textInput(name, value, attrs) {
  return h('input', Object.assign({ type: 'text', name, value: value ?? '', autocomplete: 'off', spellcheck: 'false' }, attrs || {}));
}

export function select(name, options, value) {
  // options: [value, label] pairs or plain strings.
  return h('select', { name }, options.map((o) => {
    const [v, l] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: v === value }, l);
  }));
}

// fmtCount writes 1234567 as 1,234,567.
export function fmtCount(n) { return Number(n).toLocaleString('en-US'); }
