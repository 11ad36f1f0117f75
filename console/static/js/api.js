// The console's only way to the data: Kopernik's public REST API, version 4,
// with the user's own API token. There is no private route behind it, so the
// console sees exactly what any other client with that token sees, on any
// node of a deployment.

export const VERSION = 'v4';

// The token lives in this module's memory only: never a cookie, never
// localStorage or sessionStorage. A reload forgets it and asks again; that is
// the price of a token no other script, tab or later visitor can read back.
let token = null;

let probing = false;

// signIn checks the token against the API (GET identity) and keeps it only
// if the API accepts it; it resolves to the identity object.
export async function signIn(t) {
  token = t;
  probing = true;
  try {
    return await get(path('identity'));
  } catch (err) {
    token = null;
    throw err;
  } finally {
    probing = false;
  }
}
export function signOut() { token = null; }
export function signedIn() { return token !== null; }

// ApiError carries the API's own message, unchanged, so the console can show
// it exactly as the API said it.
export class ApiError extends Error {
  constructor(status, message, method, url) {
    super(message);
    this.status = status;
    this.method = method;
    this.url = url;
  }
}

const authLost = new Set();
// onAuthLost(fn): fn runs when the API refuses the token (revoked, expired).
export function onAuthLost(fn) { authLost.add(fn); }

// The last requests, newest first, for the request log: users learn the API
// by watching the console use it.
export const log = [];
const logWatchers = new Set();
export function onLog(fn) { logWatchers.add(fn); }
function record(entry) {
  log.unshift(entry);
  log.length = Math.min(log.length, 30);
  for (const fn of logWatchers) fn(entry);
}

// enc percent-encodes a query value. Beyond encodeURIComponent it encodes the
// quote, so the URL can be pasted between single quotes in a shell.
export function enc(v) {
  return encodeURIComponent(String(v)).replace(/'/g, '%27');
}

// path builds /v4/<segments>, each segment encoded.
export function path(...segments) {
  return '/' + VERSION + '/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

// withQuery appends params, a list of [name, value] pairs (a name may repeat,
// as fields[] does). Names are written as they are (fields[] stays readable).
export function withQuery(p, params) {
  const q = (params || []).filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => k + '=' + enc(v)).join('&');
  return q ? p + '?' + q : p;
}

// call sends one request; url is a path from path()/withQuery(). It resolves
// to {status, headers, data} and rejects with an ApiError carrying the API's
// message.
export async function call(method, url, body, signal) {
  const headers = { Authorization: 'Bearer ' + token };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const t0 = performance.now();
  let res;
  try {
    res = await fetch(url, { method, headers, body: payload, signal, cache: 'no-store', credentials: 'omit', redirect: 'manual' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    record({ method, url, status: 0, ms: Math.round(performance.now() - t0), body: payload });
    throw new ApiError(0, 'The server did not answer (' + e.message + ')', method, url);
  }
  const text = await res.text();
  record({ method, url, status: res.status, ms: Math.round(performance.now() - t0), body: payload });
  if (res.status >= 400 || res.status === 0) {
    let msg = text;
    try {
      const j = JSON.parse(text);
      if (j && j.error && typeof j.error.message === 'string') msg = j.error.message;
    } catch { /* not JSON: the text is the message */ }
    const err = new ApiError(res.status, msg, method, url);
    if (msg === 'Invalid access token' && !probing) for (const fn of authLost) fn(err);
    throw err;
  }
  const json = (res.headers.get('Content-Type') || '').startsWith('application/json');
  return { status: res.status, headers: res.headers, data: json && text ? JSON.parse(text) : null };
}

export const get = (url, signal) => call('GET', url, undefined, signal).then((r) => r.data);
export const post = (url, body) => call('POST', url, body === undefined ? {} : body);
export const put = (url, body) => call('PUT', url, body === undefined ? {} : body);
export const del = (url) => call('DELETE', url);

// createdID reads the ID of what a POST created (X-Created).
export function createdID(res) { return res.headers.get('X-Created'); }

// curl is the command that repeats a GET outside the console; the token stays
// a shell variable.
export function curl(url) {
  return "curl -g -H \"Authorization: Bearer $TOKEN\" '" + location.origin + url + "'";
}
