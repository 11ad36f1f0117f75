import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { link, go } from '../router.js';
import { Messages, form, labelled, section, checkbox, busy, confirmButton } from '../ui.js';
import { valueInput } from '../fields.js';
import { dbCrumbs } from '../structure.js';
import { entityList } from '../entitylist.js';

// profilePage shows one profile (GET profile/{id}), edits its fields and
// interests (one PUT profile/{id} carrying only what changed), deletes it,
// and lists its subprofiles per collection.
export async function profilePage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'profile', data: { state: 'loading' } });
  ctx.main.append(msgs.el, body);

  async function reload() {
    let p, db;
    try {
      p = await api.get(api.path('profile', ctx.params.id));
      db = await api.get(api.path('database', p.database));
    } catch (err) {
      msgs.error(err);
      body.dataset.state = 'error';
      return;
    }
    if (ctx.stale()) return;
    const fields = db.fields.data;
    const inputs = fields.map((f) => valueInput(f, p.fields[f.name]));
    const ints = db.interests.data.map((i) => checkbox(i.name, p.interests.includes(i.name)));
    const removed = p.removed !== false;
    replace(body,
      dbCrumbs(db, ['Profiles', link('database', db.ID, 'profiles')], 'Profile ' + p.ID),
      h('h1', null, 'Profile ', p.ID, removed ? h('span', { class: 'badge' }, 'removed') : null),
      h('dl', { class: 'meta' },
        h('dt', null, 'Created'), h('dd', null, p.created),
        h('dt', null, 'Modified'), h('dd', { class: 'modified' }, p.modified),
        h('dt', null, 'Removed'), h('dd', null, removed ? p.removed : 'no'),
        h('dt', null, 'Secret code'), h('dd', null, h('code', null, p.secret))),
      section('Fields and interests', form({
        cls: 'form grid form-profile', submitLabel: 'Save', msgs,
        children: [fields.map((f, i) => labelled(f.name, inputs[i], f.type)),
          ints.length ? h('fieldset', { class: 'interests' }, h('legend', null, 'Interests'),
            db.interests.data.map((it, i) => h('label', { class: 'check' }, ints[i], ' ', it.name))) : null],
        submit: async () => {
          const b = {};
          const changed = {};
          fields.forEach((f, i) => { if (inputs[i].value !== p.fields[f.name]) changed[f.name] = inputs[i].value; });
          if (Object.keys(changed).length) b.fields = changed;
          const on = db.interests.data.filter((_, i) => ints[i].checked).map((it) => it.name);
          if (on.join('\n') !== p.interests.join('\n')) b.interests = on;
          if (!Object.keys(b).length) {
            msgs.ok('Nothing changed.');
            return;
          }
          await api.put(api.path('profile', p.ID), b);
          await reload();
          msgs.ok('Profile saved.');
        },
      })),
      removed ? null : h('div', { class: 'actions danger-zone' },
        confirmButton('Delete profile', 'Click again to delete profile ' + p.ID, (btn) => busy(btn, msgs, async () => {
          await api.del(api.path('profile', p.ID));
          go(link('database', db.ID, 'profiles'));
        }))),
      db.collections.data.map((c) => section('Subprofiles in ' + c.name, entityList({
        url: api.path('profile', p.ID, 'subprofiles', c.ID), fields: c.fields.data, pageSize: 10, msgs,
        empty: 'No subprofiles in ' + c.name + '.',
      }))));
    body.dataset.state = 'ready';
  }
  await reload();
}
