import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { link, go } from '../router.js';
import { Messages, form, labelled, textInput, section, table } from '../ui.js';
import { fieldsEditor, dbCrumbs } from '../structure.js';
import { entityList } from '../entitylist.js';

// collectionPage shows a collection's name, fields and subprofiles.
export async function collectionPage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'collection', data: { state: 'loading' } });
  ctx.main.append(msgs.el, body);

  async function reload() {
    let coll, db, minis;
    try {
      coll = await api.get(api.path('collection', ctx.params.coll));
      [db, minis] = await Promise.all([api.get(api.path('database', coll.database)),
        api.get(api.withQuery(api.path('collection', coll.ID, 'miniviews'), [['limit', '1000']]))]);
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
      miniviews(coll, minis.data),
      section('Subprofiles', entityList({
        url: api.path('collection', coll.ID, 'subprofiles'),
        fields: coll.fields.data, pageSize: 25, msgs, extra: [
          { key: 'profile', label: 'Profile', value: (s) => h('a', { href: link('profile', s.profile) }, s.profile) }],
        open: (s) => go(link('profile', s.profile)), empty: 'No subprofiles in this collection.',
      })));
    body.dataset.state = 'ready';
  }
  // miniviews lists the collection's miniviews (selections of its
  // subprofiles) and creates one.
  function miniviews(coll, list) {
    const name = textInput('name', '', { required: true });
    return section('Miniviews',
      table({
        columns: [{ key: 'ID', label: 'ID', class: 'num' },
          { key: 'name', label: 'Name', value: (m) => h('a', { href: link('miniview', m.ID) }, m.name) },
          { key: 'description', label: 'Description' },
          { key: 'last-built', label: 'Last built', value: (m) => (m['last-built'] === false ? 'never' : m['last-built']) }],
        rows: list, open: (m) => go(link('miniview', m.ID)), empty: 'No miniviews yet.',
      }),
      form({
        cls: 'form inline form-new-miniview', submitLabel: 'Add miniview', msgs,
        children: [labelled('Name', name)],
        submit: async () => {
          const res = await api.post(api.path('collection', coll.ID, 'miniviews'), { name: name.value });
          go(link('miniview', api.createdID(res)));
        },
      }));
  }

  await reload();
}
