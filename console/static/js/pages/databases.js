import { h } from '../dom.js';
import * as api from '../api.js';
import { link, go, setQuery } from '../router.js';
import { Messages, table, pager, form, labelled, textInput, section, yesNo, fmtCount } from '../ui.js';

const pageSize = 100;

// databasesPage lists the databases (GET databases, paged with start and
// limit) and creates new ones.
export async function databasesPage(ctx) {
  const msgs = new Messages();
  const list = h('div', { class: 'results', data: { state: 'loading' } });
  let start = Math.max(0, parseInt(ctx.query.get('start') || '0', 10) || 0);

  const name = textInput('name', '', { required: true });
  const description = textInput('description', '');
  ctx.main.append(h('h1', null, 'Databases'), msgs.el,
    section('Databases', list),
    section('New database', form({
      cls: 'form inline form-new-database', submitLabel: 'Create database', msgs,
      children: [labelled('Name', name), labelled('Description', description)],
      submit: async () => {
        const res = await api.post(api.path('databases'), { name: name.value, description: description.value });
        go(link('database', api.createdID(res)));
      },
    })));

  async function load() {
    list.dataset.state = 'loading';
    try {
      const env = await api.get(api.withQuery(api.path('databases'), [['start', start], ['limit', pageSize]]));
      if (ctx.stale()) return;
      const total = env.total;
      list.replaceChildren(
        table({
          columns: [
            { key: 'ID', label: 'ID', class: 'num' },
            { key: 'name', label: 'Name', value: (d) => h('a', { href: link('database', d.ID) }, d.name) },
            { key: 'description', label: 'Description' },
            { key: 'fields', label: 'Fields', class: 'num', value: (d) => String(d.fields.total) },
            { key: 'collections', label: 'Collections', class: 'num', value: (d) => String(d.collections.total) },
            { key: 'archived', label: 'Archived', value: (d) => yesNo(d.archived) },
            { key: 'created', label: 'Created' },
            { key: 'profiles', label: '', value: (d) => h('a', { href: link('database', d.ID, 'profiles') }, 'Profiles') },
          ],
          rows: env.data, open: (d) => go(link('database', d.ID)),
          empty: 'No databases yet: create the first one below.',
        }),
        total > pageSize ? pager({
          label: (start + 1) + '–' + (start + env.count) + ' of ' + fmtCount(total),
          first: start > 0 ? () => move(0) : null,
          prev: start > 0 ? () => move(Math.max(0, start - pageSize)) : null,
          next: start + env.count < total ? () => move(start + pageSize) : null,
          last: start + env.count < total ? () => move(Math.floor((total - 1) / pageSize) * pageSize) : null,
        }) : null);
      list.dataset.state = 'ready';
    } catch (err) {
      list.dataset.state = 'error';
      msgs.error(err);
    }
  }
  function move(s) {
    start = s;
    setQuery(new URLSearchParams(s ? { start: String(s) } : {}));
    load();
  }
  await load();
}
