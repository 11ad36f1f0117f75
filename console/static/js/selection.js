// The page of one selection: a view (profiles of a database) or a miniview
// (subprofiles of a collection). Both have the same parts in the API under
// other words (rules/minirules, condition/minicondition, profiles/
// subprofiles), so one page serves both, told apart by its kind.
import { h, replace, append } from './dom.js';
import * as api from './api.js';
import { link, go } from './router.js';
import { Messages, form, labelled, textInput, checkbox, select, section, busy, confirmButton, progress, fmtCount } from './ui.js';
import { crumbs } from './structure.js';
import { entityList } from './entitylist.js';
import { loadTree, flatten, pathTo, lastBuilt } from './viewtree.js';
import { conditionForm, describe, typesFor, hasForm } from './conditions.js';

const kinds = {
  view: { rules: 'rules', rule: 'rule', condition: 'condition', members: 'profiles', noun: 'view', memberNoun: ['profile', 'profiles'] },
  miniview: { rules: 'minirules', rule: 'minirule', condition: 'minicondition', members: 'subprofiles', noun: 'miniview', memberNoun: ['subprofile', 'subprofiles'] },
};

// miniviewsOf lists the miniviews of every collection of db as {ID, label},
// for the choices of a MiniView condition.
async function miniviewsOf(db) {
  const lists = await Promise.all(db.collections.data.map(async (c) => {
    const env = await api.get(api.withQuery(api.path('collection', c.ID, 'miniviews'), [['limit', '1000']]));
    return env.data.map((m) => ({ ID: m.ID, label: c.name + ' › ' + m.name }));
  }));
  return lists.flat();
}

export function selectionPage(kind) {
  const k = kinds[kind];
  return async function page(ctx) {
    const msgs = new Messages();
    const body = h('div', { class: 'selection selection-' + kind, data: { state: 'loading' } });
    ctx.main.append(msgs.el, body);
    const id = ctx.params.id;
    let sel, db, coll, tree, refs;

    // load reads the selection and what its conditions may refer to; every
    // change on the page reloads it all, so what is shown is what the API has.
    async function load() {
      sel = await api.get(api.path(kind, id));
      if (kind === 'view') {
        db = await api.get(api.path('database', sel.database));
      } else {
        coll = await api.get(api.path('collection', sel.collection));
        db = await api.get(api.path('database', coll.database));
      }
      const [t, minis, rules] = await Promise.all([
        kind === 'view' ? loadTree(db.ID) : Promise.resolve([]), miniviewsOf(db),
        api.get(api.withQuery(api.path(kind, id, k.rules), [['limit', '1000']]))]);
      tree = t;
      refs = {
        fields: kind === 'view' ? db.fields.data : coll.fields.data,
        interests: kind === 'view' ? db.interests.data : [],
        views: flatten(tree).filter((v) => String(v.ID) !== String(sel.ID)),
        miniviews: minis,
      };
      return rules.data;
    }

    async function reload(note) {
      let rules;
      try {
        rules = await load();
      } catch (err) {
        msgs.error(err);
        body.dataset.state = 'error';
        return;
      }
      if (ctx.stale()) return;
      const chain = kind === 'view' ? pathTo(tree, sel.ID) : [];
      replace(body,
        kind === 'view'
          ? crumbs(['Databases', '#/databases'], [db.name, link('database', db.ID)], ['Selections', link('database', db.ID, 'views')],
            ...chain.slice(0, -1).map((v) => [v.name, link('view', v.ID)]), sel.name)
          : crumbs(['Databases', '#/databases'], [db.name, link('database', db.ID)], ['Collection ' + coll.name, link('collection', coll.ID)], sel.name),
        h('h1', null, sel.name, ' ', h('span', { class: 'muted' }, k.noun + ' #' + sel.ID)),
        h('dl', { class: 'meta' },
          h('dt', null, 'Of'), h('dd', null, kind === 'view'
            ? (sel['parent-type'] === 'view' ? ['the members of view ', h('a', { href: link('view', sel['parent-id']) }, chain.length > 1 ? chain[chain.length - 2].name : '#' + sel['parent-id'])] : ['the profiles of ', db.name])
            : ['the subprofiles of ', coll.name]),
          h('dt', null, 'Last built'), h('dd', { class: 'last-built' }, sel['last-built'] === false ? 'never' : sel['last-built'])),
        settings(), kind === 'view' ? nested() : null,
        section(kind === 'view' ? 'Rules' : 'Minirules',
          h('p', { class: 'muted' }, 'A ' + k.memberNoun[0] + ' is a member when it satisfies every condition of at least one active rule. An inverted rule selects the candidates its conditions do not; disabled rules and rules without conditions are ignored; without an active rule every candidate is a member.'),
          h('div', { class: 'rules' }, rules.length ? rules.map(ruleCard) : h('p', { class: 'muted' }, 'No rules yet.')),
          newRule()),
        members());
      body.dataset.state = 'ready';
      if (note) msgs.ok(note);
    }

    function settings() {
      const name = textInput('name', sel.name, { required: true });
      const description = textInput('description', sel.description);
      return section('Settings', form({
        cls: 'form inline form-selection', submitLabel: 'Save', msgs,
        children: [labelled('Name', name), labelled('Description', description)],
        submit: async () => {
          const b = {};
          if (name.value !== sel.name) b.name = name.value;
          if (description.value !== sel.description) b.description = description.value;
          if (!Object.keys(b).length) return;
          await api.put(api.path(kind, sel.ID), b);
          await reload('Saved.');
        },
      }), h('div', { class: 'actions danger-zone' }, confirmButton('Delete ' + k.noun, 'Click again to delete ' + sel.name + (kind === 'view' ? ' and its nested views' : ''), (btn) => busy(btn, msgs, async () => {
        await api.del(api.path(kind, sel.ID));
        go(kind === 'view' ? link('database', db.ID, 'views') : link('collection', coll.ID));
      }))));
    }

    function nested() {
      const name = textInput('name', '', { required: true });
      const mine = (function find(ts) {
        for (const n of ts) { if (String(n.view.ID) === String(sel.ID)) return n.children; const c = find(n.children); if (c) return c; }
        return null;
      })(tree) || [];
      return section('Nested views',
        h('p', { class: 'muted' }, 'A nested view selects from the members of this one.'),
        mine.length ? h('ul', { class: 'view-tree' }, mine.map((n) => h('li', null, h('a', { href: link('view', n.view.ID) }, n.view.name), ' ', h('span', { class: 'muted' }, lastBuilt(n.view))))) : null,
        form({
          cls: 'form inline form-new-nested', submitLabel: 'Add nested view', msgs,
          children: [labelled('Name', name)],
          submit: async () => {
            const res = await api.post(api.path('view', sel.ID, 'views'), { name: name.value });
            go(link('view', api.createdID(res)));
          },
        }));
    }

    function ruleCard(r) {
      const inverted = checkbox('inverted', r.inverted);
      const disabled = checkbox('disabled', r.disabled);
      const save = h('button', { type: 'button', class: 'save-rule' }, 'Save');
      save.addEventListener('click', () => busy(save, msgs, async () => {
        await api.put(api.path(k.rule, r.ID), { inverted: inverted.checked, disabled: disabled.checked });
        await reload('Rule ' + r.name + ' saved.');
      }));
      const remove = confirmButton('Delete rule', 'Click again to delete rule ' + r.name, (btn) => busy(btn, msgs, async () => {
        await api.del(api.path(k.rule, r.ID));
        await reload('Rule ' + r.name + ' deleted.');
      }));
      const conds = r.conditions.data;
      return h('div', { class: 'rule card', data: { id: r.ID, name: r.name } },
        h('h3', null, r.name, ' ', h('span', { class: 'muted' }, '#' + r.ID),
          r.inverted ? h('span', { class: 'badge' }, 'inverted') : null, r.disabled ? h('span', { class: 'badge' }, 'disabled') : null),
        r.description ? h('p', { class: 'muted' }, r.description) : null,
        h('div', { class: 'rule-flags' }, h('label', { class: 'check' }, inverted, ' inverted'), h('label', { class: 'check' }, disabled, ' disabled'), save, remove),
        h('ol', { class: 'conditions' }, conds.length ? conds.map((c) => conditionItem(c)) : h('li', { class: 'muted none' }, 'No conditions: this rule is ignored.')),
        newCondition(r));
    }

    function conditionItem(c) {
      const known = hasForm(c.type);
      const text = known ? describe(c, refs) : null;
      const li = h('li', { class: 'condition', data: { id: c.ID, type: c.type } });
      const editor = h('div', { class: 'condition-edit hidden' });
      const remove = confirmButton('Delete', 'Delete condition?', (btn) => busy(btn, msgs, async () => {
        await api.del(api.path(k.condition, c.type, c.ID));
        await reload('Condition deleted.');
      }));
      const edit = known ? h('button', { type: 'button', class: 'edit-condition', onclick: () => {
        if (!editor.classList.toggle('hidden') && !editor.firstChild) {
          const f = conditionForm(c.type, refs, c);
          editor.append(form({
            cls: 'form grid form-edit-condition', submitLabel: 'Save condition', msgs, children: [f.el],
            submit: async () => {
              const b = f.body();
              if (!Object.keys(b).length) return;
              await api.put(api.path(k.condition, c.type, c.ID), b);
              await reload('Condition saved.');
            },
          }));
        }
      } }, 'Edit') : null;
      return append(li, [
        h('span', { class: 'condition-type' }, c.type), ' ',
        known ? h('span', { class: 'condition-text' }, text || '(defaults)') : h('pre', { class: 'condition-json' }, JSON.stringify(c, null, 1)),
        h('span', { class: 'row-actions' }, edit, remove), editor]);
    }

    function newCondition(r) {
      const types = typesFor(kind === 'miniview');
      const type = select('type', types, 'Field');
      const slot = h('div', { class: 'condition-form-slot' });
      let f;
      function draw() { f = conditionForm(type.value, refs); replace(slot, f.el); }
      type.addEventListener('change', draw);
      draw();
      return h('details', { class: 'new-condition' }, h('summary', null, '+ Condition'),
        form({
          cls: 'form grid form-new-condition', submitLabel: 'Add condition', msgs,
          children: [labelled('Type', type), slot],
          submit: async () => {
            await api.post(api.path(k.rule, r.ID, 'conditions'), f.body());
            await reload('Condition added to ' + r.name + '.');
          },
        }));
    }

    function newRule() {
      const name = textInput('name', '', { required: true });
      const inverted = checkbox('inverted', false);
      return form({
        cls: 'form inline form-new-rule', submitLabel: 'Add rule', msgs,
        children: [labelled('New rule', name), labelled('Inverted', inverted)],
        submit: async () => {
          await api.post(api.path(kind, sel.ID, k.rules), { name: name.value, inverted: inverted.checked });
          await reload('Rule ' + name.value + ' added.');
        },
      });
    }

    // members lists the members with their total (the API's own count of
    // the list) and offers a rebuild: the API starts it and answers at once,
    // so the page watches last-built move to know when it is done.
    function members() {
      const count = h('p', { class: 'member-count', data: { state: 'loading' } }, 'Counting…');
      const rebuild = h('button', { type: 'button', class: 'rebuild' }, 'Rebuild');
      const status = h('div', { class: 'rebuild-status' });
      const fields = kind === 'view' ? db.fields.data : coll.fields.data;
      const list = entityList({
        url: api.path(kind, sel.ID, k.members), fields, pageSize: 25, msgs,
        extra: kind === 'miniview' ? [{ key: 'profile', label: 'Profile', value: (s) => h('a', { href: link('profile', s.profile) }, s.profile) }] : [],
        open: (e) => go(link('profile', kind === 'view' ? e.ID : e.profile)),
        empty: 'No members.',
        onData: (env) => {
          replace(count, h('strong', null, fmtCount(env.total)), ' ', env.total === 1 ? k.memberNoun[0] : k.memberNoun[1]);
          count.dataset.count = String(env.total);
          // Reading the members builds a stale or never built selection
          // first, so last-built may have moved since the page read it.
          api.get(api.path(kind, sel.ID)).then((now) => {
            if (ctx.stale()) return;
            sel['last-built'] = now['last-built'];
            const el = body.querySelector('.last-built');
            if (el) el.textContent = now['last-built'] === false ? 'never' : now['last-built'];
            count.dataset.state = 'ready';
          }, (err) => { msgs.error(err); count.dataset.state = 'ready'; });
        },
      });
      list.classList.add('members');
      rebuild.addEventListener('click', () => busy(rebuild, msgs, async () => {
        const before = sel['last-built'];
        const bar = progress('Rebuilding');
        replace(status, bar.el);
        bar.set(0, 0);
        await api.post(api.path(kind, sel.ID, 'rebuild'));
        const t0 = Date.now();
        while (Date.now() - t0 < 10000) {
          await new Promise((r) => setTimeout(r, 400));
          const now = await api.get(api.path(kind, sel.ID));
          if (now['last-built'] !== before) {
            bar.done('built ' + now['last-built']);
            await reload('Rebuilt at ' + now['last-built'] + '.');
            return;
          }
          bar.set(0, 0, 'last built ' + (before === false ? 'never' : before));
        }
        // last-built has whole seconds: a build within the second of the
        // previous one shows no new time. The members are read again anyway.
        bar.done('no new build time seen after 10 s');
        await reload('Rebuild started; last built ' + (before === false ? 'never' : before) + '.');
      }));
      return section('Members', h('div', { class: 'toolbar' }, count, rebuild), status, list);
    }

    await reload();
  };
}
