import { h } from '../dom.js';
import { section } from '../ui.js';

// tokensPage: the REST API has no route that lists or creates API tokens
// (Copernica manages them in its own web interface), and the console adds no
// private one. Tokens are managed with the command line on the server.
export function tokensPage(ctx) {
  ctx.main.append(h('h1', null, 'API tokens'),
    section('Managed on the server',
      h('p', null, 'The REST API has no route for tokens, and the console uses nothing but the REST API. Manage tokens with the command line where the server runs (with the same --data or --postgres as the server):'),
      h('pre', { class: 'cli' },
        'kopernik token list                  # ID, name, created, revoked; never a secret\n' +
        'kopernik token create --name NAME    # prints the new token once\n' +
        'kopernik token revoke ID             # refused by every node within 2 s'),
      h('p', null, 'Tokens are stored only as hashes, so neither the server nor this console can show one again.')));
}
