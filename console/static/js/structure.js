// Editors shared by the database and collection pages: their fields, and the
// breadcrumb above every page inside a database.
import { h } from './dom.js';
import * as api from './api.js';
import { link } from './router.js';
import { table, form, labelled, textInput, select, checkbox, busy, confirmButton } from './ui.js';
import { fieldTypes } from './fields.js';

export function crumbs(...items) {
  return h('nav', { class: 'crumbs', 'aria-label': 'breadcrumb' },
    items.map((it, i) => [i ? h('span', { class: 'sep' }, '›') : null,
      Array.isArray(it) ? h('a', { href: it[1] }, it[0]) : h('span', null, it)]));
}

export function dbCrumbs(db, ...rest) {
  return crumbs(['Databases', '#/databases'], [db.name, link('database', db.ID)], ...rest);
}

// fieldsEditor edits the fields of owner ('database' or 'collection', id):
// one row per field with its settings, saved with PUT …/field/{id}; a form to
// add one with POST …/fields. reload() runs after every change.
export function fieldsEditor(owner, ownerID, fields, msgs, reload) {
  const rows = fields.map((f) => {
    const inputs = {
      name: textInput('name', f.name, { class: 'w-name' }),
      type: select('type', fieldTypes, f.type),
      value: f.type === 'select'
        ? h('textarea', { name: 'value', rows: '2', value: f.value, title: 'one choice per line; a trailing * marks the default' })
        : textInput('value', f.value, { class: 'w-value' }),
      length: textInput('length', f.length, { class: 'w-num', inputmode: 'numeric' }),
      index: checkbox('index', f.index),
      displayed: checkbox('displayed', f.displayed),
      hidden: checkbox('hidden', f.hidden),
    };
    const save = h('button', { type: 'button', class: 'save' }, 'Save');
    save.addEventListener('click', () => busy(save, msgs, async () => {
      const body = {};
      for (const k of ['name', 'type', 'value', 'length']) if (inputs[k].value !== String(f[k])) body[k] = inputs[k].value;
      for (const k of ['index', 'displayed', 'hidden']) if (inputs[k].checked !== f[k]) body[k] = inputs[k].checked;
      if (!Object.keys(body).length) return;
      await api.put(api.path(owner, ownerID, 'field', f.ID), body);
      msgs.ok('Field ' + f.ID + ' saved.');
      await reload();
    }));
    const remove = confirmButton('Delete', 'Delete field and its values?', (btn) => busy(btn, msgs, async () => {
      await api.del(api.path(owner, ownerID, 'field', f.ID));
      await reload();
    }));
    return Object.assign({ ID: f.ID, save, remove }, inputs);
  });
  const cell = (k) => ({ key: k, label: k[0].toUpperCase() + k.slice(1), value: (r) => r[k] });
  const name = textInput('name', '', { required: true });
  const type = select('type', fieldTypes, 'text');
  const value = textInput('value', '');
  const index = checkbox('index', false);
  return h('div', { class: 'fields-editor' },
    table({
      columns: [{ key: 'ID', label: 'ID', class: 'num' }, cell('name'), cell('type'), Object.assign(cell('value'), { label: 'Default' }),
        cell('length'), cell('index'), cell('displayed'), cell('hidden'),
        { key: 'save', label: '', value: (r) => h('span', { class: 'row-actions' }, r.save, r.remove) }],
      rows, empty: 'No fields yet.',
    }),
    form({
      cls: 'form inline form-new-field', submitLabel: 'Add field', msgs,
      children: [labelled('Name', name), labelled('Type', type), labelled('Default', value), labelled('Indexed', index)],
      submit: async () => {
        await api.post(api.path(owner, ownerID, 'fields'), { name: name.value, type: type.value, value: value.value, index: index.checked });
        msgs.ok('Field ' + name.value + ' added.');
        await reload();
      },
    }));
}
