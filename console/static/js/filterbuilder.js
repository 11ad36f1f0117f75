// The filter builder: rows of field, operator and value that become the
// API's own fields[] conditions (name, operator, value run together, as
// Copernica's documentation writes them). The conditions are shown as they
// will be sent, so the builder teaches the parameter rather than hiding it.
import { h, replace } from './dom.js';
import { select, textInput } from './ui.js';

export const operators = [
  ['==', '== equals'], ['!=', '!= differs'], ['<', '< less than'], ['>', '> greater than'],
  ['<=', '<= at most'], ['>=', '>= at least'], ['=~', '=~ like (% any run, _ one char)'], ['!~', '!~ not like'],
];

const opChars = '=<>!~';

// parseCond splits a condition the way the API does (conventions §8.2): the
// name ends before the first operator character after the first position;
// the operator is that character and the next one if it is one too.
export function parseCond(s) {
  for (let i = 1; i < s.length; i++) {
    if (opChars.includes(s[i])) {
      const two = i + 1 < s.length && opChars.includes(s[i + 1]);
      return { name: s.slice(0, i), op: s.slice(i, two ? i + 2 : i + 1), value: s.slice(two ? i + 2 : i + 1) };
    }
  }
  return { name: s, op: '==', value: '' };
}

// filterBuilder edits conds (condition strings) over fields; apply(conds)
// runs when the user applies them.
export function filterBuilder({ fields, conds, apply }) {
  const names = fields.map((f) => [f.name, f.name + ' (' + f.type + ')'])
    .concat([['id', 'id (profile ID)'], ['code', 'code (secret code)'], ['modified', 'modified (last change)']]);
  const rowsEl = h('div', { class: 'filter-rows' });
  const preview = h('pre', { class: 'filter-preview', 'aria-label': 'conditions as sent' });
  let rows = conds.map(parseCond);

  function current() {
    return rows.filter((r) => r.name !== '').map((r) => r.name + r.op + r.value);
  }
  function showPreview() {
    const c = current();
    replace(preview, c.length ? c.map((x) => 'fields[]=' + x).join('\n') : '(no conditions: every profile)');
  }
  function draw() {
    replace(rowsEl, rows.map((r, i) => {
      const name = select('name', names, r.name);
      if (!names.some(([n]) => n === r.name)) name.prepend(h('option', { value: r.name, selected: true }, r.name));
      const op = select('op', operators, r.op);
      const value = textInput('value', r.value, { placeholder: 'value' });
      name.addEventListener('change', () => { r.name = name.value; showPreview(); });
      op.addEventListener('change', () => { r.op = op.value; showPreview(); });
      value.addEventListener('input', () => { r.value = value.value; showPreview(); });
      value.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(current()); });
      const remove = h('button', { type: 'button', class: 'remove', title: 'remove this condition', onclick: () => { rows.splice(i, 1); draw(); } }, '×');
      return h('div', { class: 'filter-row' }, name, op, value, remove);
    }));
    showPreview();
  }
  draw();
  return h('div', { class: 'filter' },
    rowsEl,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'add-condition', onclick: () => { rows.push({ name: names[0] ? names[0][0] : 'id', op: '==', value: '' }); draw(); } }, '+ Condition'),
      h('button', { type: 'button', class: 'primary apply-filter', onclick: () => apply(current()) }, 'Apply filter'),
      h('button', { type: 'button', class: 'clear-filter', onclick: () => { rows = []; draw(); apply([]); } }, 'Clear')),
    h('div', { class: 'filter-explain' },
      h('span', { class: 'muted' }, 'Sent as (all must hold):'), preview));
}
