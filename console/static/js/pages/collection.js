import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { link, go } from '../router.js';
import { Messages, form, labelled, textInput, section } from '../ui.js';
import { fieldsEditor, dbCrumbs } from '../structure.js';
import { entityList } from '../entitylist.js';

// collectionPage shows a collection's name, fields and subprofiles.
export async function collectionPage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'collection', data: { state: 'loading' } });
  ctx.main.append(msgs.el, body);

  async function reload() {
    let coll, db;
    try {
      coll = await api.get(api.path('collection', ctx.params.coll));
      db = await api.get(api.path('database', coll.database));
    } catch (err) {
      msgs.error(err);
      body.dataset.state = 'error';
      return;
    }
    if (ctx.stale()) return;
    const name = textInput('name', coll.name, { required: true });
    replace(body,
      dbCrumbs(db, 'Collection ' + coll.name),
      h('h1', null, coll.name, ' ', h('span', { class: 'muted' }, 'collection #' + coll.ID)),
      section('Settings', form({
        cls: 'form inline form-collection', submitLabel: 'Save', msgs,
        children: [labelled('Name', name)],
        submit: async () => {
          if (name.value === coll.name) return;
          await api.put(api.path('collection', coll.ID), { name: name.value });
          msgs.ok('Collection saved.');
          await reload();
        },
      })),
      section('Fields', fieldsEditor('collection', coll.ID, coll.fields.data, msgs, reload)),
      section('Subprofiles', entityList({
        url: api.path('collection', coll.ID, 'subprofiles'),
        fields: coll.fields.data, pageSize: 25, msgs, extra: [
          { key: 'profile', label: 'Profile', value: (s) => h('a', { href: link('profile', s.profile) }, s.profile) }],
        open: (s) => go(link('profile', s.profile)), empty: 'No subprofiles in this collection.',
      })));
    body.dataset.state = 'ready';
  }
  await reload();
}
