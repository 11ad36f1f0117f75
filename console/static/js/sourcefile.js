// Reading an import file in the browser: CSV (quoted cells as RFC 4180
// writes them), a JSON array of objects, or NDJSON. The console reads the
// file only to preview it and to map its columns; the server reads the
// source again and is the judge of it.

// detectDelimiter picks tab, semicolon or comma: whichever the header line
// holds most of (outside quotes is close enough for a header).
export function detectDelimiter(text) {
  const line = text.split(/\r\n|\n|\r/, 1)[0] || '';
  let best = ',';
  let n = 0;
  for (const d of ['\t', ';', ',']) {
    const c = line.split(d).length - 1;
    if (c > n) { best = d; n = c; }
  }
  return best;
}

// parseCSV splits text into rows of cells.
export function parseCSV(text, delim) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark is no part of the first name
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') {
      quoted = true;
    } else if (c === delim) {
      row.push(cell); cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// toCSV writes rows back as CSV with commas, quoting where needed.
export function toCSV(rows) {
  return rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c)).join(',')).join('\n') + '\n';
}

// parseJSON reads an array of objects or one object per line.
export function parseJSON(text) {
  const t = text.trim();
  if (t.startsWith('[')) {
    const a = JSON.parse(t);
    if (!Array.isArray(a)) throw new Error('not an array of objects');
    return a;
  }
  return t.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').map((l, i) => {
    try { return JSON.parse(l); } catch (e) { throw new Error('line ' + (i + 1) + ': ' + e.message); }
  });
}

// readSource turns a file's text into {format, columns, rows} where rows are
// arrays of cells in column order (JSON records are laid out on the union
// of their keys, in order of first appearance).
export function readSource(text, name, delim) {
  const t = text.replace(/^\ufeff/, '').trimStart();
  if (t.startsWith('[') || t.startsWith('{') || /\.(json|ndjson)$/i.test(name || '')) {
    const recs = parseJSON(t);
    const columns = [];
    for (const r of recs) for (const k of Object.keys(r || {})) if (!columns.includes(k)) columns.push(k);
    return { format: 'json', columns, records: recs, rows: recs.map((r) => columns.map((c) => (r && r[c] !== undefined && r[c] !== null ? String(r[c]) : ''))) };
  }
  const d = delim || detectDelimiter(t);
  const all = parseCSV(text, d);
  const head = all.findIndex((r) => r.some((c) => c !== ''));
  const lines = head < 0 ? [] : all.slice(head + 1);
  // rows are the data rows (blank ones are passed over, as the server
  // does); lines keep the blank ones too, so that what is sent has the
  // file's line numbers.
  return { format: 'csv', delimiter: d, columns: head < 0 ? [] : all[head], rows: lines.filter((r) => r.some((c) => c !== '')), lines, skipped: Math.max(head, 0) };
}
