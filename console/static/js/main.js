// The console's shell: sign-in gate, navigation, the request log, and the
// table of pages.
import { h, replace } from './dom.js';
import * as api from './api.js';
import { route, render, go, here } from './router.js';
import { signInPage } from './pages/signin.js';
import { databasesPage } from './pages/databases.js';
import { databasePage } from './pages/database.js';
import { collectionPage } from './pages/collection.js';
import { profilesPage } from './pages/profiles.js';
import { profilePage } from './pages/profile.js';
import { tokensPage } from './pages/tokens.js';
import { viewsPage, selectionsPage } from './pages/views.js';
import { selectionPage } from './selection.js';
import { importsPage } from './pages/imports.js';
import { webhooksPage, webhookPage } from './pages/webhooks.js';

// nav lists the top-level pages.
const nav = [
  { href: '#/databases', label: 'Databases', match: ['databases', 'database', 'collection', 'profile'] },
  { href: '#/selections', label: 'Selections', match: ['selections', 'view', 'miniview'] },
  { href: '#/imports', label: 'Imports', match: ['imports'] },
  { href: '#/webhooks', label: 'Webhooks', match: ['webhooks', 'webhook'] },
  { href: '#/tokens', label: 'Tokens', match: ['tokens'] },
];

route('databases', databasesPage);
route('database/:db', databasePage);
route('database/:db/profiles', profilesPage);
route('collection/:coll', collectionPage);
route('profile/:id', profilePage);
route('tokens', tokensPage);
route('selections', selectionsPage);
route('database/:db/views', viewsPage);
route('view/:id', selectionPage('view'));
route('miniview/:id', selectionPage('miniview'));
route('imports', importsPage);
route('webhooks', webhooksPage);
route('webhook/:id', webhookPage);

const top = document.getElementById('top');
const main = document.getElementById('main');
const footer = document.getElementById('log');
let account = '';
let wanted = '';

function header() {
  const first = here().parts[0] || '';
  replace(top,
    h('a', { class: 'brand', href: '#/databases' }, 'Kopernik'),
    api.signedIn() ? h('nav', { class: 'main-nav' }, nav.map((n) =>
      h('a', { href: n.href, class: n.match.includes(first) ? 'active' : null }, n.label))) : null,
    h('span', { class: 'spacer' }),
    api.signedIn() ? [
      h('span', { class: 'account', title: 'account of this token' }, account),
      h('button', { type: 'button', class: 'signout', onclick: signOut }, 'Sign out'),
    ] : null);
}

function signOut(reason) {
  api.signOut();
  account = '';
  show(typeof reason === 'string' ? reason : '');
}

async function show(notice) {
  header();
  if (!api.signedIn()) {
    if (location.hash && !location.hash.startsWith('#/signin')) wanted = location.hash;
    main.replaceChildren();
    signInPage(main, notice, async (name) => {
      account = name;
      const target = wanted || '#/databases';
      wanted = '';
      if (location.hash === target) show(); else go(target);
    });
    return;
  }
  if (!location.hash || location.hash === '#/' || location.hash.startsWith('#/signin')) {
    go('#/databases');
    return;
  }
  await render(main, () => main.append(h('p', null, 'No such page. '), h('a', { href: '#/databases' }, 'Go to the databases.')));
}

api.onAuthLost((err) => signOut('The API refused the token: ' + err.message + '. Sign in again.'));

// The request log: every call the console made, newest first, so a user can
// see which request does what.
function logView() {
  const list = h('ol', { class: 'log-list' });
  const details = h('details', { class: 'request-log' }, h('summary', null, 'API requests made by this page'), list);
  api.onLog(() => {
    if (!details.open) return;
    fill();
  });
  details.addEventListener('toggle', fill);
  function fill() {
    replace(list, api.log.map((e) => h('li', null,
      h('code', null, e.method + ' ' + e.url), ' → ', h('span', { class: e.status >= 400 || !e.status ? 'bad' : 'good' }, String(e.status || 'no answer')),
      ' ', h('span', { class: 'muted' }, e.ms + ' ms'),
      e.body ? h('pre', { class: 'body' }, e.body) : null)));
  }
  replace(footer, details);
}

logView();
window.addEventListener('hashchange', () => show());
show();
