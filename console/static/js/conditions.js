// Condition types of views and miniviews, as data: each type lists its
// properties with the kind of input that edits one. A form is built from that
// list, so adding a type is a table row, and the body sent is the API's own
// property names (the request log shows them, and they read like the docs).
// Types without a row here are shown as the API prints them, read-only.
import { h } from './dom.js';
import { select, textInput, checkbox, labelled } from './ui.js';

const window4 = [
  { name: 'after-time', kind: 'time', label: 'After (fixed)' },
  { name: 'before-time', kind: 'time', label: 'Before (fixed)' },
  { name: 'after-mutation', kind: 'mutation', label: 'After (relative to the build)' },
  { name: 'before-mutation', kind: 'mutation', label: 'Before (relative to the build)' },
];

const changeTypes = ['any', 'none', 'field', 'nofield', 'new', 'notnew', 'edit', 'noedit', 'newsubprofile', 'nonewsubprofile',
  'editsubprofile', 'noeditsubprofile', 'removesubprofile', 'noremovesubprofile', 'interest', 'gotinterest', 'lostinterest'];

export const conditionTypes = {
  Field: [
    { name: 'field', kind: 'field', required: true },
    { name: 'comparison', kind: 'enum', options: ['equals', 'not equals', 'contains', 'not contains', 'less', 'more', 'is_email', 'regexp', 'is-numeric'] },
    { name: 'value', kind: 'text' },
    { name: 'other-field', kind: 'field', label: 'or compare with field' },
    { name: 'numeric-comparison', kind: 'bool', label: 'compare as numbers' },
  ],
  Interest: [
    { name: 'match-mode', kind: 'enum', options: ['match_profiles_with_interest', 'match_profiles_without_interest', 'match_profiles_with_interestgroup', 'match_profiles_without_interestgroup'] },
    { name: 'interest', kind: 'interest', label: 'interest (interest modes)' },
    { name: 'interest-group', kind: 'group', label: 'interest group (group modes)' },
  ],
  Date: [
    { name: 'field', kind: 'field', dates: true, required: true, label: 'date field' },
    { name: 'compare-mode', kind: 'enum', options: ['full', 'ignoreyear'] },
  ].concat(window4),
  DoubleField: [
    { name: 'match-mode', kind: 'enum', options: ['match_unique_profiles', 'match_non_unique_profiles', 'match_repeated_profiles', 'match_non_repeated_profiles', 'match_last_profiles', 'match_toberepeated_profiles'] },
    { name: 'fields', kind: 'fieldlist', label: 'fields that together form the value' },
  ],
  Part: [
    { name: 'fields', kind: 'sortkeys', label: 'sort by (none: by ID)' },
    { name: 'begin', kind: 'text', placeholder: '0, 10%, -0 (from the end)' },
    { name: 'length', kind: 'text', placeholder: 'all; a number or 10%' },
  ],
  ReferView: [
    { name: 'refer-view', kind: 'view', required: true, label: 'view' },
    { name: 'check-type', kind: 'enum', options: [['yes', 'yes: must be in that view'], ['no', 'no: must not be in it']] },
  ],
  MiniView: [
    { name: 'mini-view', kind: 'miniview', required: true, label: 'miniview' },
    { name: 'min-subprofiles', kind: 'text', placeholder: 'at least (default 1)', inputmode: 'numeric' },
    { name: 'max-subprofiles', kind: 'text', placeholder: 'at most (no limit)', inputmode: 'numeric' },
  ],
  Change: [
    { name: 'change-type', kind: 'enum', options: changeTypes },
    { name: 'field', kind: 'field', label: 'field (field, nofield)' },
    { name: 'interest', kind: 'interest', label: 'interest (interest modes)' },
  ].concat(window4),
  Export: [{ name: 'include-never-exported-profiles', kind: 'bool', label: 'include never exported profiles' }].concat(window4),
};

// Minirules refuse these (the API answers "Condition type not allowed in a
// minirule"); the form does not offer them.
const notInMinirules = new Set(['Interest', 'ReferView', 'LastContact', 'ToDo']);

export function typesFor(mini) {
  return Object.keys(conditionTypes).filter((t) => !mini || !notInMinirules.has(t));
}

const units = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];
const floors = ['second', 'minute', 'hour', 'day', 'month', 'year'];

// parseMutation reads a stored relative time (a JSON array, or a string
// holding one) as [sign, count, unit, floorto]; anything else is null.
function parseMutation(v) {
  let a = v;
  if (typeof a === 'string') { try { a = JSON.parse(a); } catch { return null; } }
  return Array.isArray(a) ? a.map(String) : null;
}

// refID is the ID of a reference as the API prints it: an object with an ID
// (fields, interests), an ID string (views, miniviews), or false.
function refID(v) {
  if (v === false || v === null || v === undefined) return '';
  if (typeof v === 'object') return String(v.ID ?? '');
  return String(v);
}

// input builds the editor of one property; it returns {el, value()} where
// value() is what to send, or undefined to leave the property out.
function input(p, ctx, initial) {
  const none = [['', '(none)']];
  switch (p.kind) {
    case 'field': {
      const fs = ctx.fields.filter((f) => !p.dates || /date/.test(f.type));
      const el = select(p.name, (p.required ? [] : none).concat(fs.map((f) => [String(f.ID), f.name + ' (' + f.type + ')'])), refID(initial));
      return { el, value: () => el.value || undefined };
    }
    case 'interest': {
      const el = select(p.name, none.concat(ctx.interests.map((i) => [String(i.ID), i.name + (i.group ? ' (' + i.group + ')' : '')])), refID(initial));
      return { el, value: () => el.value || undefined };
    }
    case 'group': {
      const groups = [...new Set(ctx.interests.map((i) => i.group).filter((g) => g))];
      const cur = initial ? String(initial) : '';
      if (cur && !groups.includes(cur)) groups.unshift(cur);
      const el = select(p.name, none.concat(groups), cur);
      return { el, value: () => el.value || undefined };
    }
    case 'view': {
      const el = select(p.name, ctx.views.map((v) => [String(v.ID), v.label]), refID(initial));
      return { el, value: () => el.value || undefined };
    }
    case 'miniview': {
      const el = select(p.name, ctx.miniviews.map((m) => [String(m.ID), m.label]), refID(initial));
      return { el, value: () => el.value || undefined };
    }
    case 'enum': {
      const cur = initial ? String(initial) : (Array.isArray(p.options[0]) ? p.options[0][0] : p.options[0]);
      // A value the table does not list (a spelling the API also accepts)
      // stays chosen rather than silently becoming the first option.
      const known = p.options.some((o) => (Array.isArray(o) ? o[0] : o) === cur);
      const el = select(p.name, known ? p.options : [cur].concat(p.options), cur);
      return { el, value: () => el.value };
    }
    case 'bool': {
      const el = checkbox(p.name, initial === true);
      return { el, value: () => el.checked };
    }
    case 'time': {
      const el = textInput(p.name, initial || '', { placeholder: 'YYYY-MM-DD HH:MM:SS' });
      return { el, value: () => el.value.trim() || undefined };
    }
    case 'mutation': return mutationInput(p, initial);
    case 'fieldlist': {
      const chosen = new Set(Array.isArray(initial) ? initial.map(String) : []);
      const boxes = ctx.fields.map((f) => [f, checkbox(p.name, chosen.has(f.name) || chosen.has(String(f.ID)))]);
      const el = h('span', { class: 'checks', data: { name: p.name } }, boxes.map(([f, b]) => h('label', { class: 'check' }, b, ' ', f.name)));
      return { el, value: () => { const v = boxes.filter(([, b]) => b.checked).map(([f]) => f.name); return v.length ? v : undefined; } };
    }
    case 'sortkeys': return sortKeysInput(p, ctx, initial);
    default: {
      const el = textInput(p.name, initial === false || initial === undefined ? '' : String(initial), { placeholder: p.placeholder || null, inputmode: p.inputmode || null });
      return { el, value: () => el.value.trim() === '' ? undefined : el.value.trim() };
    }
  }
}

// mutationInput edits a relative time as the API's array [sign, count, unit,
// floorto]: "minus 1 year, floored to day" is one year ago at 00:00.
function mutationInput(p, initial) {
  const m = parseMutation(initial) || [];
  const simple = m.length === 0 || m.length === 4;
  const sign = select(p.name + '-sign', [['', '(not set)'], ['minus', 'minus'], ['plus', 'plus']], simple ? (m[0] || '') : '');
  const count = textInput(p.name + '-count', simple ? (m[1] || '0') : '0', { class: 'w-num', inputmode: 'numeric' });
  const unit = select(p.name + '-unit', units, simple && m[2] ? m[2] : 'day');
  const floor = select(p.name + '-floor', floors.map((f) => [f, 'floored to ' + f]), simple && m[3] ? m[3] : 'day');
  // An interval ([sign, "Y-M-D", "H:M:S"]) has no place in these selects;
  // it stays as it is unless the user sets a new one.
  const raw = simple ? null : JSON.stringify(m);
  const el = h('span', { class: 'mutation', data: { name: p.name } }, sign, count, unit, floor, raw ? h('code', null, raw) : null);
  return { el, value: () => (sign.value ? [sign.value, count.value.trim() || '0', unit.value, floor.value] : undefined) };
}

// sortKeysInput edits Part's sort keys: rows of field, direction and
// whether to compare as numbers.
function sortKeysInput(p, ctx, initial) {
  const rows = h('span', { class: 'sortkeys', data: { name: p.name } });
  const keys = [];
  function add(k) {
    const field = select('sort-field', ctx.fields.map((f) => [f.name, f.name]), k ? String(k.field) : (ctx.fields[0] || {}).name);
    const order = select('sort-order', [['asc', 'ascending'], ['desc', 'descending']], k ? k.order : 'asc');
    const numeric = checkbox('sort-numeric', k ? !!k.numeric : false);
    const key = { field, order, numeric };
    const row = h('span', { class: 'sortkey' }, field, order, h('label', { class: 'check' }, numeric, ' numbers'),
      h('button', { type: 'button', class: 'remove', onclick: () => { keys.splice(keys.indexOf(key), 1); row.remove(); } }, '×'));
    keys.push(key);
    rows.append(row);
  }
  (Array.isArray(initial) ? initial : []).forEach((k) => add(typeof k === 'object' ? k : { field: k, order: 'asc' }));
  const el = h('span', { class: 'sortkeys-edit' }, rows,
    h('button', { type: 'button', class: 'add-sortkey', onclick: () => add(null) }, '+ Sort key'));
  return { el, value: () => (keys.length ? keys.map((k) => ({ field: k.field.value, order: k.order.value, numeric: k.numeric.checked })) : undefined) };
}

// conditionForm edits the properties of type. ctx holds what references
// choose from: fields, interests, views and miniviews ({ID, label}). With a
// condition (cond) the inputs start at its values. body() is the request
// body: on create every property given; on update (cond set) only those that
// differ from what the API printed.
export function conditionForm(type, ctx, cond) {
  const props = conditionTypes[type] || [];
  const inputs = props.map((p) => [p, input(p, ctx, cond ? cond[p.name] : undefined)]);
  // What each input says before the user touches it: an update sends only
  // the properties whose input now says something else.
  const start = inputs.map(([, i]) => JSON.stringify(i.value()));
  const el = h('div', { class: 'condition-props', data: { type } },
    inputs.map(([p, i]) => labelled(p.label || p.name, i.el, p.kind === 'enum' || p.kind === 'bool' ? null : p.name)));
  function body() {
    const b = cond ? {} : { type };
    inputs.forEach(([p, i], n) => {
      const v = i.value();
      if (cond) {
        // A property cleared in the form is sent empty: the API unsets it.
        if (JSON.stringify(v) !== start[n]) b[p.name] = v === undefined ? '' : v;
      } else if (v !== undefined && v !== false) b[p.name] = v;
    });
    return b;
  }
  return { el, body };
}

// describe is one line per condition: its type and the properties that are
// set, references by name, the way a person reads a rule.
export function describe(c, ctx) {
  const props = conditionTypes[c.type];
  if (!props) return null;
  const parts = [];
  for (const p of props) {
    const v = c[p.name];
    if (v === false || v === undefined || v === null || v === '') continue;
    let text;
    if (p.kind === 'field' || p.kind === 'interest') text = typeof v === 'object' ? v.name : String(v);
    else if (p.kind === 'view') text = (ctx.views.find((x) => String(x.ID) === String(v)) || { label: 'view ' + v }).label;
    else if (p.kind === 'miniview') text = (ctx.miniviews.find((x) => String(x.ID) === String(v)) || { label: 'miniview ' + v }).label;
    else if (p.kind === 'sortkeys') text = v.map((k) => (typeof k === 'object' ? k.field + ' ' + k.order + (k.numeric ? ' (numbers)' : '') : k)).join(', ');
    else if (p.kind === 'mutation') text = (parseMutation(v) || [v]).join(' ');
    else if (Array.isArray(v)) text = v.join(', ');
    else text = String(v);
    parts.push(p.name + ': ' + text);
  }
  return parts.join(' · ');
}

// hasForm says whether the console has a form for type.
export function hasForm(type) { return Object.prototype.hasOwnProperty.call(conditionTypes, type); }
