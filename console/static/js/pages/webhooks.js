import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { link, go } from '../router.js';
import { Messages, form, labelled, textInput, select, checkbox, section, table, busy, confirmButton, fmtCount } from '../ui.js';

const triggers = ['create', 'update', 'delete', 'click', 'delivery', 'open', 'bounce', 'failure'];
const callers = ['rest', 'import', 'copy', 'ms', 'publisher', 'soap', 'click', 'open', 'failure', 'bounce'];

async function databases() {
  return (await api.get(api.withQuery(api.path('databases'), [['limit', '1000']]))).data;
}

const idOf = (v) => (v === false || v === null || v === undefined ? '' : String(v));

// hookFields edits a webhook's keys; body() is everything on create, and on
// update (hook given) only the keys that changed, with a cleared limit sent
// as "" (the API's way to clear it).
function hookFields(dbs, hook) {
  const handler = textInput('handler', hook ? hook.handler : '', { required: true, placeholder: 'https://hooks.example.org/copernica', class: 'w-url' });
  const trigger = select('trigger', triggers, hook ? hook.trigger : 'create');
  const chosen = new Set(hook ? hook.callers : []);
  const boxes = callers.map((c) => [c, checkbox('callers', chosen.has(c))]);
  const dbSel = select('database', [['', '(every database)']].concat(dbs.map((d) => [String(d.ID), d.name])), hook ? idOf(hook.database) : '');
  const collSel = select('collection', [['', '(none)']], '');
  function fillCollections(value) {
    const d = dbs.find((x) => String(x.ID) === dbSel.value);
    replace(collSel, h('option', { value: '' }, d ? '(profiles only)' : '(every collection)'));
    // Without a database the collection may be of any database.
    const colls = d ? d.collections.data.map((c) => [c, d]) : dbs.flatMap((x) => x.collections.data.map((c) => [c, x]));
    for (const [c, x] of colls) collSel.append(h('option', { value: String(c.ID), selected: String(c.ID) === value }, x.name + ' › ' + c.name));
  }
  fillCollections(hook ? idOf(hook.collection) : '');
  dbSel.addEventListener('change', () => fillCollections(''));
  const el = [labelled('Handler URL', handler), labelled('Trigger', trigger),
    h('fieldset', { class: 'callers' }, h('legend', null, 'Callers (none ticked: every caller)'),
      boxes.map(([c, b]) => h('label', { class: 'check' }, b, ' ', c))),
    labelled('Database', dbSel, 'profile events of this database only'), labelled('Collection', collSel, 'subprofile events of this collection only')];
  function body() {
    const b = {
      handler: handler.value.trim(), trigger: trigger.value,
      callers: boxes.filter(([, x]) => x.checked).map(([c]) => c),
      database: dbSel.value, collection: collSel.value,
    };
    if (!hook) {
      if (!b.database) delete b.database;
      if (!b.collection) delete b.collection;
      return b;
    }
    const was = { handler: hook.handler, trigger: hook.trigger, callers: hook.callers, database: idOf(hook.database), collection: idOf(hook.collection) };
    for (const k of Object.keys(b)) if (JSON.stringify(b[k]) === JSON.stringify(was[k])) delete b[k];
    return b;
  }
  return { el, body };
}

function scope(w, dbs) {
  const d = dbs.find((x) => String(x.ID) === idOf(w.database));
  const c = dbs.flatMap((x) => x.collections.data).find((x) => String(x.ID) === idOf(w.collection));
  return [d ? 'database ' + d.name : (w.database !== false ? 'database #' + w.database : ''), c ? 'collection ' + c.name : (w.collection !== false ? 'collection #' + w.collection : '')]
    .filter((x) => x).join(', ') || 'everything';
}

// webhooksPage lists the webhooks (GET webhooks) and creates one.
export async function webhooksPage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'webhooks', data: { state: 'loading' } });
  ctx.main.append(h('h1', null, 'Webhooks'), msgs.el, body);
  let dbs, list;
  try {
    [dbs, list] = await Promise.all([databases(), api.get(api.withQuery(api.path('webhooks'), [['limit', '1000']]))]);
  } catch (err) {
    msgs.error(err);
    body.dataset.state = 'error';
    return;
  }
  if (ctx.stale()) return;
  const f = hookFields(dbs, null);
  replace(body,
    section('Webhooks', table({
      columns: [{ key: 'ID', label: 'ID', class: 'num' },
        { key: 'handler', label: 'Handler', value: (w) => h('a', { href: link('webhook', w.ID) }, w.handler) },
        { key: 'trigger', label: 'Trigger' },
        { key: 'callers', label: 'Callers', value: (w) => (w.callers.length ? w.callers.join(', ') : 'every caller') },
        { key: 'scope', label: 'Scope', value: (w) => scope(w, dbs) }],
      rows: list.data, open: (w) => go(link('webhook', w.ID)), empty: 'No webhooks yet.',
    })),
    section('New webhook',
      h('p', { class: 'muted' }, 'The server POSTs every event of the trigger to the handler URL, signed, in order, retried for two days. Which hosts are allowed is set where the server runs (serve --webhook-allow-host).'),
      form({
        cls: 'form grid form-new-webhook', submitLabel: 'Create webhook', msgs, children: f.el,
        submit: async () => {
          const res = await api.post(api.path('webhooks'), f.body());
          go(link('webhook', api.createdID(res)));
        },
      })));
  body.dataset.state = 'ready';
}

// webhookPage shows one webhook with its delivery counters (the API's
// deliveries: delivered, failed, retried, pending), edits and deletes it.
// The counters refresh every two seconds while the page is open.
export async function webhookPage(ctx) {
  const msgs = new Messages();
  const body = h('div', { class: 'webhook', data: { state: 'loading' } });
  ctx.main.append(msgs.el, body);
  const counters = h('dl', { class: 'meta deliveries' });
  let dbs, hook;

  function drawCounters(d) {
    replace(counters, [['delivered', 'Delivered (accepted by the receiver)'], ['failed', 'Failed (given up)'],
      ['retried', 'Retried (attempts that failed and were scheduled again)'], ['pending', 'Pending (queued now)']]
      .map(([k, label]) => [h('dt', null, label), h('dd', { class: 'count-' + k, data: { n: d[k] } }, fmtCount(d[k]))]));
  }

  async function reload(note) {
    try {
      [dbs, hook] = await Promise.all([databases(), api.get(api.path('webhook', ctx.params.id))]);
    } catch (err) {
      msgs.error(err);
      body.dataset.state = 'error';
      return;
    }
    if (ctx.stale()) return;
    const f = hookFields(dbs, hook);
    drawCounters(hook.deliveries);
    const refresh = h('button', { type: 'button', class: 'refresh' }, 'Refresh');
    refresh.addEventListener('click', () => busy(refresh, msgs, async () => drawCounters((await api.get(api.path('webhook', hook.ID))).deliveries)));
    replace(body,
      h('nav', { class: 'crumbs' }, h('a', { href: '#/webhooks' }, 'Webhooks'), h('span', { class: 'sep' }, '›'), h('span', null, 'Webhook ' + hook.ID)),
      h('h1', null, 'Webhook ', hook.ID, ' ', h('span', { class: 'muted' }, hook.trigger + ' → ' + hook.handler)),
      section('Deliveries', counters, h('p', { class: 'muted' }, 'Each failed attempt is also written to the server log (webhook delivery failed) with the response status and headers.'), refresh),
      section('Settings', form({
        cls: 'form grid form-webhook', submitLabel: 'Save', msgs, children: f.el,
        submit: async () => {
          const b = f.body();
          if (!Object.keys(b).length) { msgs.ok('Nothing changed.'); return; }
          await api.put(api.path('webhook', hook.ID), b);
          await reload('Webhook saved.');
        },
      })),
      h('div', { class: 'actions danger-zone' }, confirmButton('Delete webhook', 'Click again to delete webhook ' + hook.ID + ' and its queued events', (btn) => busy(btn, msgs, async () => {
        await api.del(api.path('webhook', hook.ID));
        go('#/webhooks');
      }))));
    body.dataset.state = 'ready';
    if (note) msgs.ok(note);
  }
  await reload();
  const timer = setInterval(async () => {
    if (ctx.stale() || !api.signedIn()) { clearInterval(timer); return; }
    try {
      drawCounters((await api.get(api.path('webhook', ctx.params.id))).deliveries);
    } catch { clearInterval(timer); }
  }, 2000);
}
