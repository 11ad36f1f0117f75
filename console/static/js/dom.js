// DOM helpers. Everything shown in the console goes through h(), which only
// ever creates text nodes for strings: field values are user data, and a
// "<script>" in a field must show as those eight characters. Nothing in the
// console assigns innerHTML, outerHTML or insertAdjacentHTML.

const props = new Set(['value', 'checked', 'disabled', 'selected', 'multiple', 'readOnly', 'hidden']);

// h(tag, attrs, ...children): attrs holds attributes, properties (value,
// checked, …), event handlers (onclick: fn) and dataset (data: {k: v});
// children are nodes, strings, numbers, or arrays of them; null and false
// are skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'data') {
      for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    } else if (props.has(k)) {
      el[k] = v;
    } else if (k === 'href' && !String(v).startsWith('#')) {
      // Only the console's own routes are links; anything else would be a way
      // out of the strict policy (javascript: URLs, other origins).
      throw new Error('h: only #routes may be linked, got ' + v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// replace swaps the children of el for new ones.
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// code renders text the user may copy into a terminal or a client.
export function code(text) {
  return h('code', null, text);
}
