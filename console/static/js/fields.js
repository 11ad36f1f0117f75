// Field types and the input that edits a value of each type. Values are sent
// as typed: the API converts them by the rules every client gets (a date the
// API cannot read becomes the zero date, a text too long is cut), so the
// console does not second-guess it.
import { h } from './dom.js';

export const fieldTypes = ['text', 'email', 'phone', 'phone_fax', 'phone_gsm', 'integer', 'float', 'foreign_key',
  'date', 'empty_date', 'datetime', 'empty_datetime', 'select', 'big'];

const placeholders = {
  date: 'YYYY-MM-DD', empty_date: 'YYYY-MM-DD or empty',
  datetime: 'YYYY-MM-DD HH:MM:SS', empty_datetime: 'YYYY-MM-DD HH:MM:SS or empty',
  integer: 'whole number', float: 'number', foreign_key: 'profile ID',
};

// choices are the options of a select field: its value, one per line, with
// trailing blanks and the default's '*' taken off.
export function choices(field) {
  return String(field.value || '').split(/\r\n|\n|\r/).map((c) => c.replace(/\s+$/, '').replace(/\*$/, '')).filter((c) => c !== '');
}

// defaultChoice is the starred choice of a select field, or ''.
export function defaultChoice(field) {
  const c = String(field.value || '').split(/\r\n|\n|\r/).map((x) => x.replace(/\s+$/, '')).find((x) => x.endsWith('*'));
  return c ? c.slice(0, -1) : '';
}

// valueInput edits one value of field; its name is the field's name.
export function valueInput(field, value) {
  const v = value ?? '';
  const common = { name: field.name, data: { fieldId: field.ID, type: field.type } };
  if (field.type === 'select') {
    const opts = choices(field);
    if (v !== '' && !opts.includes(v)) opts.unshift(v);
    return h('select', common, h('option', { value: '', selected: v === '' }, '(none)'),
      opts.map((c) => h('option', { value: c, selected: c === v }, c)));
  }
  if (field.type === 'big') return h('textarea', Object.assign({ rows: '4', value: v }, common));
  return h('input', Object.assign({ type: 'text', value: v, autocomplete: 'off', spellcheck: 'false', placeholder: placeholders[field.type] || null }, common));
}
