// Hash routes (#/database/3/profiles?…): the server serves one page, the
// browser keeps the place in history, and a link never carries the token.

const routes = [];
let seq = 0;

// route registers a page: pattern segments starting with ':' are parameters.
export function route(pattern, render) {
  routes.push({ parts: pattern.split('/').filter(Boolean), render });
}

// here is the current location: path segments and query.
export function here() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const p = q < 0 ? raw : raw.slice(0, q);
  return { path: p, parts: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export function link(...segments) {
  return '#/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

export function go(hash) { location.hash = hash; }

// setQuery records the page's state in the address without a new history
// entry or a new render (paging inside one list).
export function setQuery(query) {
  const { path } = here();
  const q = query.toString();
  history.replaceState(null, '', '#/' + path + (q ? '?' + q : ''));
}

function match(parts) {
  for (const r of routes) {
    if (r.parts.length !== parts.length) continue;
    const params = {};
    let ok = true;
    r.parts.forEach((rp, i) => {
      if (rp.startsWith(':')) params[rp.slice(1)] = parts[i];
      else if (rp !== parts[i]) ok = false;
    });
    if (ok) return { r, params };
  }
  return null;
}

// render runs the page of the current location into main. ctx.stale() tells
// a page whose data arrived late that the user has moved on.
export async function render(main, notFound) {
  const mine = ++seq;
  const loc = here();
  const m = match(loc.parts);
  const ctx = { params: m ? m.params : {}, query: loc.query, main, stale: () => mine !== seq };
  main.replaceChildren();
  if (!m) return notFound(ctx);
  return m.r.render(ctx);
}
