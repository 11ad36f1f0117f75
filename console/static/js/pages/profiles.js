import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { link, go, setQuery } from '../router.js';
import { Messages, table, pager, section, select, fmtCount, form, labelled, checkbox } from '../ui.js';
import { filterBuilder } from '../filterbuilder.js';
import { valueInput, defaultChoice } from '../fields.js';
import { dbCrumbs } from '../structure.js';

const sizes = ['25', '50', '100', '250'];

// profilesPage lists a database's profiles a page at a time, over millions
// of rows:
//   - In ID order (the default) it pages by key, with the API's own filter:
//     the next page is fields[]=id>=NEXTID (v4's nextid), the previous one
//     fields[]=id<FIRST in descending order, read backwards. Every page costs
//     the same however deep it is; an offset would make the database skip
//     every row before it.
//   - In any other order it pages with start (an offset).
//   - Pages never ask for total: counting every match costs more than a
//     page. The count is one request of its own (limit=0), sent beside the
//     first page and only again when the filter changes; the page does not
//     wait for it.
// Everything that decides what is shown lives in the address (#/…?c=…), so
// the back button and a copied link work; the token never does.
export async function profilesPage(ctx) {
  const msgs = new Messages();
  ctx.main.append(msgs.el);
  const key = ctx.params.db;
  // The structure, the first page and the count are asked for at once: the
  // page needs the fields only to draw, not to ask.
  let db, fields;
  const dbReady = api.get(api.path('database', key)).then((d) => { db = d; fields = d.fields.data; return d; });
  const q = ctx.query;
  const conds = q.getAll('c');
  let orderby = q.get('orderby') || 'id';
  let desc = q.get('order') === 'desc';
  let size = sizes.includes(q.get('limit')) ? q.get('limit') : '50';
  // The page shown: a key condition (cur) read in order or reversed (rev),
  // or an offset (start); at is the offset of its first row when known.
  let cur = q.get('cur') || '';
  let rev = q.get('rev') === '1';
  let start = parseInt(q.get('start') || '0', 10) || 0;
  let at = q.has('at') ? parseInt(q.get('at'), 10) || 0 : 0;
  let total = null;
  let rows = [];
  let nextid = null;
  let abort = null;
  let newProfile = null;

  const results = h('div', { class: 'results', data: { state: 'loading', loads: '0' } });
  const countLine = h('p', { class: 'count', data: { state: 'counting' } }, 'Counting…');
  const request = h('pre', { class: 'request' });
  const pagerSlot = h('div');
  const sizeSel = select('limit', sizes.map((s) => [s, s + ' per page']), size);
  sizeSel.addEventListener('change', () => { size = sizeSel.value; first(); });
  const keyed = () => orderby === 'id';


  function hashFor(c) {
    const p = new URLSearchParams();
    for (const x of c) p.append('c', x);
    if (orderby !== 'id') p.set('orderby', orderby);
    if (desc) p.set('order', 'desc');
    p.set('limit', size);
    return link('database', key, 'profiles') + '?' + p.toString();
  }

  function remember() {
    const p = new URLSearchParams();
    for (const x of conds) p.append('c', x);
    if (orderby !== 'id') p.set('orderby', orderby);
    if (desc) p.set('order', 'desc');
    p.set('limit', size);
    if (cur) p.set('cur', cur);
    if (rev) p.set('rev', '1');
    if (start) p.set('start', String(start));
    if (at) p.set('at', String(at));
    setQuery(p);
  }

  // params are the query of a list request: the user's conditions, then the
  // page's own.
  function params(extraCond, descending, limit) {
    const p = conds.map((c) => ['fields[]', c]);
    if (extraCond) p.push(['fields[]', extraCond]);
    if (orderby !== 'id') p.push(['orderby', orderby]);
    if (descending) p.push(['order', 'desc']);
    return p;
  }
  const listURL = (p) => api.withQuery(api.path('database', key, 'profiles'), p);

  async function count() {
    const u = listURL(params('', false).concat([['limit', '0'], ['total', 'true']]));
    countLine.dataset.state = 'counting';
    replace(countLine, 'Counting…');
    try {
      const env = await api.get(u);
      if (ctx.stale()) return;
      total = env.total;
      replace(countLine, h('strong', null, fmtCount(total)), total === 1 ? ' profile' : ' profiles', conds.length ? ' match the filter' : '');
      countLine.dataset.state = 'ready';
      drawPager();
    } catch (err) {
      countLine.dataset.state = 'error';
      replace(countLine, 'The count failed: ', err.message);
    }
  }

  async function load() {
    if (abort) abort.abort();
    abort = new AbortController();
    const limit = parseInt(size, 10);
    const p = keyed()
      ? params(cur, rev ? !desc : desc)
      : params('', desc).concat([['start', String(start)]]);
    p.push(['limit', String(limit)], ['total', 'false'], ['dataonly', 'true']);
    const u = listURL(p);
    results.dataset.state = 'loading';
    replace(request, 'GET ' + u + '\n\n' + api.curl(u));
    try {
      const [env] = await Promise.all([api.get(u, abort.signal), dbReady]);
      if (ctx.stale()) return;
      rows = rev ? env.data.slice().reverse() : env.data;
      nextid = env.nextid || null;
      draw();
      remember();
      results.dataset.loads = String(parseInt(results.dataset.loads, 10) + 1);
      results.dataset.state = 'ready';
    } catch (err) {
      if (err.name === 'AbortError') return;
      results.dataset.state = 'error';
      msgs.error(err);
    }
  }

  function draw() {
    const columns = [{ key: 'ID', label: 'ID', class: 'num', sortable: true }]
      .concat(fields.map((f) => ({ key: f.name, label: f.name, sortable: true, class: 'cell-' + f.type, value: (r) => r.fields[f.name] })))
      .concat(db.interests.data.length ? [{ key: 'interests', label: 'Interests', value: (r) => r.interests.join(', ') }] : [])
      .concat([{ key: 'modified', label: 'Modified', sortable: true }]);
    replace(results, table({
      columns, rows,
      sort: { by: orderby === 'id' ? 'ID' : orderby, desc },
      onSort: (key) => {
        const by = key === 'ID' ? 'id' : key;
        if (by === orderby) desc = !desc; else { orderby = by; desc = false; }
        first();
      },
      open: (r) => go(link('profile', r.ID)),
      empty: conds.length ? 'No profile matches the filter.' : 'No profiles yet.',
    }));
    drawPager();
  }

  // drawPager decides which moves make sense from how the page was reached:
  // first (no key, forward), forward (key, forward), backward (key, read in
  // reverse) or last (no key, read in reverse), and from the count once it
  // has arrived.
  function drawPager() {
    const limit = parseInt(size, 10);
    const n = rows.length;
    const known = total !== null;
    let atStart, atEnd;
    if (keyed()) {
      const kind = cur ? (rev ? 'backward' : 'forward') : (rev ? 'last' : 'first');
      if (kind === 'last' && known) at = Math.max(0, total - n);
      atStart = kind === 'first' || (kind === 'backward' && (n < limit || (known && at === 0))) ||
        (kind === 'last' && (known ? total <= n : n < limit));
      atEnd = kind === 'last' || ((kind === 'first' || kind === 'forward') && (n < limit || (known && at + n >= total)));
      if (kind === 'last' && !known) at = null;
    } else {
      at = start;
      atStart = start === 0;
      atEnd = n < limit || (known && start + n >= total);
    }
    let label = n === 0 ? 'no more profiles' : (at === null ? 'last ' + n : (at + 1) + '–' + (at + n));
    if (known && n > 0) label += ' of ' + fmtCount(total);
    replace(pagerSlot, pager({
      label,
      first: atStart ? null : first,
      prev: atStart || n === 0 ? null : prev,
      next: atEnd || n === 0 ? null : next,
      last: atEnd || (!keyed() && !known) ? null : last,
    }));
  }

  function first() {
    cur = ''; rev = false; start = 0; at = 0;
    load();
  }
  function next() {
    const limit = parseInt(size, 10);
    at = (at || 0) + rows.length;
    if (keyed()) {
      const lastID = rows[rows.length - 1].ID;
      // nextid comes with ascending ID order only; descending, the key is
      // simply below the last ID shown.
      cur = desc ? 'id<' + lastID : 'id>=' + (nextid || String(Number(lastID) + 1));
      rev = false;
    } else start += limit;
    load();
  }
  function prev() {
    const limit = parseInt(size, 10);
    at = Math.max(0, (at || 0) - limit);
    if (keyed()) {
      const firstID = rows[0].ID;
      cur = desc ? 'id>' + firstID : 'id<' + firstID;
      rev = true;
    } else start = Math.max(0, start - limit);
    load();
  }
  function last() {
    const limit = parseInt(size, 10);
    if (keyed()) {
      cur = ''; rev = true; at = null;
    } else start = Math.floor((Math.max(total, 1) - 1) / limit) * limit;
    load();
  }

  function newProfileForm() {
    // A select starts on its starred default, as the API would fill it.
    const inputs = fields.map((f) => valueInput(f, f.type === 'select' ? defaultChoice(f) : ''));
    const ints = db.interests.data.map((i) => checkbox(i.name, false));
    return h('div', { class: 'card new-profile-form hidden' }, h('h2', null, 'New profile'),
      form({
        cls: 'form grid', submitLabel: 'Create profile', msgs,
        children: [fields.map((f, i) => labelled(f.name, inputs[i], f.type)),
          ints.length ? h('fieldset', { class: 'interests' }, h('legend', null, 'Interests'),
            db.interests.data.map((it, i) => h('label', { class: 'check' }, ints[i], ' ', it.name))) : null],
        submit: async () => {
          const body = { fields: {} };
          fields.forEach((f, i) => { if (inputs[i].value !== '') body.fields[f.name] = inputs[i].value; });
          const on = db.interests.data.filter((_, i) => ints[i].checked).map((it) => it.name);
          if (on.length) body.interests = on;
          const res = await api.post(api.path('database', db.ID, 'profiles'), body);
          go(link('profile', api.createdID(res)));
        },
      }));
  }

  count();
  const firstLoad = load();
  try {
    await dbReady;
  } catch (err) {
    msgs.error(err);
    return;
  }
  if (ctx.stale()) return;
  ctx.main.append(
    dbCrumbs(db, 'Profiles'),
    h('h1', null, 'Profiles of ', db.name),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'new-profile', onclick: () => newProfile.classList.toggle('hidden') }, 'New profile'),
      sizeSel),
    newProfileForm(),
    section('Filter', filterBuilder({ fields, conds, apply: (c) => go(hashFor(c)) })),
    h('div', { class: 'card list' }, countLine, results, pagerSlot,
      h('details', { class: 'request-details' }, h('summary', null, 'This page as a request'), request)));
  newProfile = ctx.main.querySelector('.new-profile-form');
  await firstLoad;
}
