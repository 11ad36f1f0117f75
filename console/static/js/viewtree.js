// The views of a database as a tree. The API lists top-level views
// (database/{db}/views) and, per view, the views nested directly in it
// (view/{v}/views); a view says whether it has children, so only those are
// asked for.
import { h } from './dom.js';
import * as api from './api.js';
import { link } from './router.js';

async function all(url) {
  const env = await api.get(api.withQuery(url, [['limit', '1000']]));
  return env.data;
}

// loadTree resolves to [{view, children}] for database db.
export async function loadTree(db) {
  async function grow(views) {
    return Promise.all(views.map(async (v) => ({
      view: v,
      children: v['has-children'] ? await grow(await all(api.path('view', v.ID, 'views'))) : [],
    })));
  }
  return grow(await all(api.path('database', db, 'views')));
}

// flatten lists every view of a tree as {ID, label}, the label naming its
// parents ("customers › in Delft"), for the choices of a ReferView condition.
export function flatten(tree, prefix) {
  return tree.flatMap((n) => {
    const label = (prefix ? prefix + ' › ' : '') + n.view.name;
    return [{ ID: n.view.ID, label, view: n.view }].concat(flatten(n.children, label));
  });
}

// pathTo is the chain of views from the top down to id (id included).
export function pathTo(tree, id) {
  for (const n of tree) {
    if (String(n.view.ID) === String(id)) return [n.view];
    const below = pathTo(n.children, id);
    if (below.length) return [n.view].concat(below);
  }
  return [];
}

export function lastBuilt(v) {
  return v['last-built'] === false ? 'never built' : 'built ' + v['last-built'];
}

// treeList draws a tree as nested lists of links to the view pages.
export function treeList(tree, empty) {
  if (!tree.length) return empty ? h('p', { class: 'muted empty-tree' }, empty) : null;
  return h('ul', { class: 'view-tree' }, tree.map((n) => h('li', { data: { id: n.view.ID } },
    h('a', { class: 'view-link', href: link('view', n.view.ID) }, n.view.name),
    ' ', h('span', { class: 'muted' }, '#' + n.view.ID + ' · ' + (n.view['has-rules'] ? '' : 'no rules · ') + lastBuilt(n.view)),
    n.view.description ? h('div', { class: 'muted description' }, n.view.description) : null,
    treeList(n.children))));
}
