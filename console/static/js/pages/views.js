import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { link, go } from '../router.js';
import { Messages, form, labelled, textInput, section } from '../ui.js';
import { dbCrumbs } from '../structure.js';
import { loadTree, treeList } from '../viewtree.js';

// viewsPage shows a database's views and nested views as a tree and creates
// top-level views.
export async function viewsPage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'views', data: { state: 'loading' } });
  ctx.main.append(msgs.el, body);
  let db, tree;
  try {
    db = await api.get(api.path('database', ctx.params.db));
    tree = await loadTree(db.ID);
  } catch (err) {
    msgs.error(err);
    body.dataset.state = 'error';
    return;
  }
  if (ctx.stale()) return;
  const name = textInput('name', '', { required: true });
  const description = textInput('description', '');
  replace(body,
    dbCrumbs(db, 'Selections'),
    h('h1', null, 'Selections of ', db.name),
    section('Views', treeList(tree, 'No views yet: create the first one below.')),
    section('New view', form({
      cls: 'form inline form-new-view', submitLabel: 'Create view', msgs,
      children: [labelled('Name', name), labelled('Description', description)],
      submit: async () => {
        const res = await api.post(api.path('database', db.ID, 'views'), { name: name.value, description: description.value });
        go(link('view', api.createdID(res)));
      },
    })));
  body.dataset.state = 'ready';
}

// selectionsPage shows the view trees of every database (the first 100),
// the top-level entry to selections.
export async function selectionsPage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'views', data: { state: 'loading' } });
  ctx.main.append(h('h1', null, 'Selections'), msgs.el, body);
  try {
    const dbs = (await api.get(api.withQuery(api.path('databases'), [['limit', '100']]))).data;
    const trees = await Promise.all(dbs.map((d) => loadTree(d.ID)));
    if (ctx.stale()) return;
    replace(body, dbs.length ? dbs.map((d, i) => section(d.name,
      treeList(trees[i], 'No views.'),
      h('p', null, h('a', { href: link('database', d.ID, 'views') }, 'Views of ' + d.name + ' →')))) : h('p', { class: 'muted' }, 'No databases yet.'));
    body.dataset.state = 'ready';
  } catch (err) {
    msgs.error(err);
    body.dataset.state = 'error';
  }
}
