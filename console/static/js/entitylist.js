// entityList: a small paged list of profiles or subprofiles (start, limit and
// total in one request), for lists that stay short, such as one profile's
// subprofiles. The profiles page pages differently (profiles.js).
import { h, replace } from './dom.js';
import * as api from './api.js';
import { table, pager, fmtCount } from './ui.js';

// onData(env), when given, sees each answer (its total, for a count shown
// elsewhere on the page).
export function entityList({ url, fields, pageSize, msgs, extra, open, empty, onData }) {
  const el = h('div', { class: 'results', data: { state: 'loading' } });
  let start = 0;
  const columns = [{ key: 'ID', label: 'ID', class: 'num' }]
    .concat(extra || [])
    .concat(fields.map((f) => ({ key: 'f' + f.ID, label: f.name, value: (e) => e.fields[f.name] })))
    .concat([{ key: 'modified', label: 'Modified' }]);
  async function load() {
    el.dataset.state = 'loading';
    try {
      const env = await api.get(api.withQuery(url, [['start', start], ['limit', pageSize]]));
      if (onData) onData(env);
      replace(el, table({ columns, rows: env.data, open, empty }),
        env.total > pageSize ? pager({
          label: (start + 1) + '–' + (start + env.count) + ' of ' + fmtCount(env.total),
          first: start > 0 ? () => { start = 0; load(); } : null,
          prev: start > 0 ? () => { start = Math.max(0, start - pageSize); load(); } : null,
          next: start + env.count < env.total ? () => { start += pageSize; load(); } : null,
          last: start + env.count < env.total ? () => { start = Math.floor((env.total - 1) / pageSize) * pageSize; load(); } : null,
        }) : null);
      el.dataset.state = 'ready';
    } catch (err) {
      el.dataset.state = 'error';
      msgs.error(err);
    }
  }
  load();
  return el;
}
