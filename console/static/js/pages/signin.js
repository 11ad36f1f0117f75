import { h } from '../dom.js';
import * as api from '../api.js';
import { Messages, form, labelled } from '../ui.js';

// signInPage asks for an API token. It is checked with GET identity and then
// kept in memory only (api.js says why a reload asks again).
export function signInPage(main, notice, done) {
  const msgs = new Messages();
  if (notice) msgs.error(notice);
  const input = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'off', spellcheck: 'false', required: true });
  main.append(h('section', { class: 'card signin' },
    h('h1', null, 'Sign in'),
    h('p', null, 'Give an API token of this server. The console uses it for every request it makes to the REST API and keeps it in this tab’s memory only: no cookie, no browser storage. Reloading the page asks for it again.'),
    msgs.el,
    form({
      submitLabel: 'Sign in', msgs,
      children: [labelled('API token', input)],
      submit: async () => {
        const id = await api.signIn(input.value.trim());
        input.value = '';
        await done(id && id.name ? id.name : '');
      },
    }),
    h('p', { class: 'muted' }, 'No token yet? Create one on the server with ', h('code', null, 'kopernik token create --name NAME'), '.')));
  input.focus();
}
