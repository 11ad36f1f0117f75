import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { setQuery } from '../router.js';
import { Messages, form, labelled, select, checkbox, section, table, progress, busy } from '../ui.js';
import { readSource, toCSV } from '../sourcefile.js';

const actions = ['add', 'update', 'update or add', 'ignore or add', 'delete'];
const previewRows = 5;

// The API has POST imports and GET import/{id}, and no list of imports.
// Imports are never deleted, so their IDs run from 1 to the newest without
// holes; the newest is found by doubling and halving (about 2·log2(N)
// requests, each an ordinary GET import/{id}), and the recent ones are read
// one by one below it.
async function exists(id) {
  try {
    return await api.get(api.path('import', id));
  } catch (err) {
    if (err instanceof api.ApiError && err.status === 400) return null;
    throw err;
  }
}

async function newestImport() {
  if (!(await exists(1))) return 0;
  let lo = 1;
  let hi = 2;
  while (await exists(hi)) { lo = hi; hi *= 2; }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid; else hi = mid;
  }
  return lo;
}

// importsPage uploads a CSV or JSON file picked in the browser: it is read
// here to show its first rows and map its columns to fields, then sent
// inline as the import's source, and the job is followed until it ends.
export async function importsPage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'imports', data: { state: 'loading' } });
  ctx.main.append(h('h1', null, 'Imports'), msgs.el, body);
  let dbs;
  try {
    dbs = (await api.get(api.withQuery(api.path('databases'), [['limit', '1000']]))).data;
  } catch (err) {
    msgs.error(err);
    body.dataset.state = 'error';
    return;
  }
  if (ctx.stale()) return;
  const wanted = ctx.query.get('database') || (dbs[0] ? dbs[0].ID : '');
  const dbSel = select('database', dbs.map((d) => [String(d.ID), d.name + ' (#' + d.ID + ')']), String(wanted));
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.tsv,.txt,.json,.ndjson,text/csv,application/json' });
  const delim = select('delimiter', [['', 'detect'], [',', 'comma'], [';', 'semicolon'], ['\t', 'tab']], '');
  const action = select('action', actions, 'add');
  const ignoreEmpty = checkbox('ignoreEmptyFields', false);
  const previewSlot = h('div', { class: 'preview', data: { state: 'empty' } }, h('p', { class: 'muted' }, 'Pick a file to see its first rows.'));
  const job = h('div', { class: 'import-job' });
  const recent = h('div', { class: 'recent-imports', data: { state: 'loading' } });
  let db = null;
  let src = null;
  let text = '';
  let fileName = '';
  let mapping = [];
  let keys = new Set();

  async function loadDB() {
    db = dbSel.value ? await api.get(api.path('database', dbSel.value)) : null;
  }

  // targets are what a column can fill: the database's fields and, as
  // Collection.Field, those of its collections (a row with such cells
  // writes a subprofile).
  function targets() {
    if (!db) return [];
    return db.fields.data.map((f) => f.name)
      .concat(db.collections.data.flatMap((c) => c.fields.data.map((f) => c.name + '.' + f.name)));
  }

  function drawPreview() {
    if (!src) return;
    const ts = targets();
    mapping = src.columns.map((c) => ts.find((t) => t.toLowerCase() === String(c).toLowerCase()) || '');
    keys = new Set([...keys].filter((k) => mapping.includes(k)));
    const selects = src.columns.map((c, i) => {
      const s = select('map-' + i, [['', '(ignore)']].concat(ts), mapping[i]);
      s.dataset.column = c;
      s.addEventListener('change', () => { mapping[i] = s.value; drawKeys(); });
      return s;
    });
    const head = h('tr', null, src.columns.map((c, i) => h('th', { scope: 'col' }, h('div', null, c), selects[i])));
    const rows = src.rows.slice(0, previewRows).map((r) => h('tr', null, src.columns.map((_, i) => h('td', null, r[i] ?? ''))));
    replace(previewSlot,
      h('p', null, fileName, ': ', src.format === 'csv' ? 'CSV, delimiter ' + JSON.stringify(src.delimiter) : 'JSON', ', ',
        h('strong', { class: 'row-count' }, String(src.rows.length)), src.rows.length === 1 ? ' row' : ' rows',
        src.rows.length > previewRows ? ' (the first ' + previewRows + ' shown)' : ''),
      h('p', { class: 'muted' }, 'Under each column, the field it fills; columns left on (ignore) are not sent.'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'preview-table' }, h('thead', null, head), h('tbody', null, rows))),
      keysSlot);
    previewSlot.dataset.state = 'ready';
    drawKeys();
  }

  const keysSlot = h('div', { class: 'key-fields' });
  function drawKeys() {
    const mapped = [...new Set(mapping.filter((m) => m))];
    replace(keysSlot, action.value === 'add' ? null : h('fieldset', null, h('legend', null, 'Key fields (rows match entities on these)'),
      mapped.length ? mapped.map((m) => {
        const b = checkbox('key', keys.has(m));
        b.value = m;
        b.addEventListener('change', () => { if (b.checked) keys.add(m); else keys.delete(m); });
        return h('label', { class: 'check' }, b, ' ', m);
      }) : h('span', { class: 'muted' }, 'Map a column first.')));
  }

  function read() {
    msgs.clear();
    try {
      src = readSource(text, fileName, delim.value);
    } catch (err) {
      src = null;
      replace(previewSlot, h('p', { class: 'error' }, 'The file cannot be read: ' + err.message));
      previewSlot.dataset.state = 'error';
      return;
    }
    drawPreview();
  }

  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    fileName = f.name;
    previewSlot.dataset.state = 'loading';
    text = await f.text();
    read();
  });
  delim.addEventListener('change', () => { if (text) read(); });
  action.addEventListener('change', drawKeys);
  dbSel.addEventListener('change', () => busy(null, msgs, async () => {
    setQuery(new URLSearchParams({ database: dbSel.value }));
    await loadDB();
    drawPreview();
  }));

  // source builds what is sent: a CSV file again as CSV, header renamed to
  // the chosen fields and ignored columns left out, line for line (blank
  // lines too) so that the server's line numbers in lasterror are the
  // file's as long as no quoted cell spans lines; a JSON file as records.
  function source() {
    const used = mapping.map((m, i) => [m, i]).filter(([m]) => m);
    if (src.format === 'csv') {
      const blank = Array(src.skipped).fill(['']);
      const n = src.columns.length;
      // A row whose cells do not fit the header is sent so that it still
      // does not fit: the server, not the console, refuses it, with its
      // line number.
      const line = (r) => (r.length === 1 && r[0] === '' ? ['']
        : r.length === n ? used.map(([, i]) => r[i])
          : (r.length === used.length ? r.concat(['']) : r));
      return { source: toCSV(blank.concat([used.map(([m]) => m)], src.lines.map(line))), delimiter: ',' };
    }
    return { source: src.records.map((r) => Object.fromEntries(used.filter(([, i]) => r && r[src.columns[i]] !== undefined).map(([m, i]) => [m, r[src.columns[i]]]))) };
  }

  const start = form({
    cls: 'form grid form-import', submitLabel: 'Start import', msgs,
    children: [labelled('Database', dbSel), labelled('File', file, 'CSV (comma, semicolon or tab), a JSON array of objects, or NDJSON'),
      labelled('CSV delimiter', delim), labelled('Action', action), labelled('Ignore empty cells', ignoreEmpty, 'keep the stored value'), previewSlot],
    submit: async () => {
      if (!src) throw new Error('Pick a file first.');
      const b = Object.assign({ database: dbSel.value, name: fileName, action: action.value }, source());
      if (action.value !== 'add') b.keyFields = [...keys];
      if (ignoreEmpty.checked) b.ignoreEmptyFields = true;
      const res = await api.post(api.path('imports'), b);
      follow(api.createdID(res));
    },
  });

  // follow polls the job until it has finished or failed, with its
  // progress; then its errors (lasterror) as the API wrote them.
  async function follow(id) {
    const bar = progress('Import ' + id);
    const state = h('dl', { class: 'meta' });
    replace(job, section('Import #' + id, bar.el, state));
    job.dataset.id = id;
    job.dataset.state = 'running';
    for (;;) {
      // The job goes on without the page; a page left stops asking.
      if (ctx.stale()) return;
      let imp;
      try {
        imp = await api.get(api.path('import', id));
      } catch (err) {
        msgs.error(err);
        job.dataset.state = 'error';
        return;
      }
      replace(state, jobMeta(imp));
      const done = imp.status === 'finished' || imp.status === 'error';
      if (done) {
        bar.done(imp.status + ' · ' + imp.processedlines + ' / ' + imp.totallines + ' rows');
        job.dataset.state = imp.status;
        loadRecent();
        return;
      }
      bar.set(Number(imp.processedlines), Number(imp.totallines), imp.status);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  function jobMeta(imp) {
    return [h('dt', null, 'Status'), h('dd', { class: 'import-status' }, imp.status),
      h('dt', null, 'Rows'), h('dd', { class: 'import-lines' }, imp.processedlines + ' of ' + imp.totallines + ' processed'),
      h('dt', null, 'Action'), h('dd', null, imp.type),
      h('dt', null, 'Started'), h('dd', null, imp.lastrun === false ? 'not yet' : imp.lastrun),
      h('dt', null, 'Errors'), h('dd', { class: 'import-errors' }, imp.lasterror === false ? 'none' : imp.lasterror)];
  }

  async function loadRecent() {
    recent.dataset.state = 'loading';
    try {
      const newest = await newestImport();
      const ids = [];
      for (let i = newest; i > 0 && ids.length < 10; i--) ids.push(i);
      const list = (await Promise.all(ids.map(exists))).filter((x) => x);
      if (ctx.stale()) return;
      replace(recent, table({
        columns: [{ key: 'ID', label: 'ID', class: 'num' }, { key: 'name', label: 'Name' }, { key: 'type', label: 'Action' },
          { key: 'status', label: 'Status' }, { key: 'lines', label: 'Rows', class: 'num', value: (i) => i.processedlines + ' / ' + i.totallines },
          { key: 'lastrun', label: 'Started', value: (i) => (i.lastrun === false ? '' : i.lastrun) },
          { key: 'lasterror', label: 'Errors', value: (i) => (i.lasterror === false ? '' : i.lasterror) }],
        rows: list, open: (i) => follow(i.ID), empty: 'No imports yet.',
      }));
      recent.dataset.state = 'ready';
    } catch (err) {
      recent.dataset.state = 'error';
      msgs.error(err);
    }
  }

  replace(body,
    section('New import', !dbs.length ? h('p', { class: 'muted' }, 'Create a database first: ', h('a', { href: '#/databases' }, 'databases'), '.') : start),
    job,
    section('Recent imports', h('p', { class: 'muted' }, 'The ten newest imports of the account; click one to follow it.'), recent),
    h('p', { class: 'muted' }, 'The same jobs from the command line: ', h('code', null, 'kopernik import --database NAME FILE'), '.'));
  body.dataset.state = 'ready';
  try {
    await loadDB();
  } catch (err) {
    msgs.error(err);
  }
  loadRecent();
}
