import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { link, go } from '../router.js';
import { Messages, table, form, labelled, textInput, checkbox, section, busy, confirmButton } from '../ui.js';
import { fieldsEditor, dbCrumbs } from '../structure.js';

// databasePage shows one database's settings, fields, interests and
// collections (all from GET database/{id}) and changes them.
export async function databasePage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'database', data: { state: 'loading' } });
  ctx.main.append(msgs.el, body);
  const id = ctx.params.db;

  async function reload() {
    let db;
    try {
      db = await api.get(api.path('database', id));
    } catch (err) {
      msgs.error(err);
      body.dataset.state = 'error';
      return;
    }
    if (ctx.stale()) return;
    replace(body,
      dbCrumbs(db),
      h('h1', null, db.name, ' ', h('span', { class: 'muted' }, '#' + db.ID), db.archived ? h('span', { class: 'badge' }, 'archived') : null),
      h('p', { class: 'toolbar' }, h('a', { class: 'button-link profiles-link', href: link('database', db.ID, 'profiles') }, 'Profiles →'),
        h('a', { class: 'button-link views-link', href: link('database', db.ID, 'views') }, 'Selections →'),
        h('a', { class: 'button-link imports-link', href: '#/imports?database=' + encodeURIComponent(db.ID) }, 'Import →')),
      settings(db), section('Fields', fieldsEditor('database', db.ID, db.fields.data, msgs, reload)),
      interests(db), collections(db));
    body.dataset.state = 'ready';
  }

  function settings(db) {
    const name = textInput('name', db.name, { required: true });
    const description = textInput('description', db.description);
    const archived = checkbox('archived', db.archived);
    return section('Settings', form({
      cls: 'form inline form-database', submitLabel: 'Save', msgs,
      children: [labelled('Name', name), labelled('Description', description), labelled('Archived', archived)],
      submit: async () => {
        const b = {};
        if (name.value !== db.name) b.name = name.value;
        if (description.value !== db.description) b.description = description.value;
        if (archived.checked !== db.archived) b.archived = archived.checked;
        if (!Object.keys(b).length) return;
        await api.put(api.path('database', db.ID), b);
        msgs.ok('Database saved.');
        // A new name changes nothing in the route: it holds the ID.
        await reload();
      },
    }));
  }

  function interests(db) {
    const rows = db.interests.data.map((i) => {
      const name = textInput('name', i.name);
      const group = textInput('group', i.group);
      const save = h('button', { type: 'button', class: 'save' }, 'Save');
      save.addEventListener('click', () => busy(save, msgs, async () => {
        await api.put(api.path('interest', i.ID), { name: name.value, group: group.value });
        msgs.ok('Interest ' + i.ID + ' saved.');
        await reload();
      }));
      const remove = confirmButton('Delete', 'Delete interest?', (btn) => busy(btn, msgs, async () => {
        await api.del(api.path('interest', i.ID));
        await reload();
      }));
      return { ID: i.ID, name, group, actions: h('span', { class: 'row-actions' }, save, remove) };
    });
    const name = textInput('name', '', { required: true });
    const group = textInput('group', '');
    return section('Interests',
      table({ columns: [{ key: 'ID', label: 'ID', class: 'num' }, { key: 'name', label: 'Name' }, { key: 'group', label: 'Group' }, { key: 'actions', label: '' }],
        rows, empty: 'No interests yet.' }),
      form({
        cls: 'form inline form-new-interest', submitLabel: 'Add interest', msgs,
        children: [labelled('Name', name), labelled('Group', group)],
        submit: async () => {
          await api.post(api.path('database', db.ID, 'interests'), { name: name.value, group: group.value });
          msgs.ok('Interest ' + name.value + ' added.');
          await reload();
        },
      }));
  }

  function collections(db) {
    const name = textInput('name', '', { required: true });
    return section('Collections',
      table({
        columns: [{ key: 'ID', label: 'ID', class: 'num' },
          { key: 'name', label: 'Name', value: (c) => h('a', { href: link('collection', c.ID) }, c.name) },
          { key: 'fields', label: 'Fields', class: 'num', value: (c) => String(c.fields.total) }],
        rows: db.collections.data, open: (c) => go(link('collection', c.ID)), empty: 'No collections yet.',
      }),
      form({
        cls: 'form inline form-new-collection', submitLabel: 'Add collection', msgs,
        children: [labelled('Name', name)],
        submit: async () => {
          const res = await api.post(api.path('database', db.ID, 'collections'), { name: name.value });
          go(link('collection', api.createdID(res)));
        },
      }));
  }

  await reload();
}

