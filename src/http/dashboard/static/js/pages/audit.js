import { api, t } from '../api.js';
import { clear, empty, h, pageHead, table, timeCell } from '../dom.js';

/** Message keys are 40 hex characters (core/ids.ts): such targets link to the message page. */
const MESSAGE_KEY = /^[0-9a-f]{40}$/;

/** The audit log: every change, release and action, newest first, filterable by action and target. */
export async function renderAudit(main, { tenantId }) {
  if (!tenantId) return;
  const action = h('input', { id: 'a-action', placeholder: 'e.g. release', 'aria-label': 'Action' });
  const target = h('input', { id: 'a-target', placeholder: 'message key, user:…', 'aria-label': 'Target' });
  const list = h('div', { id: 'audit-list' });
  const more = h('button', { type: 'button', class: 'btn ghost', hidden: true }, 'Load more');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter audit log' },
    h('label', { class: 'field' }, h('span', {}, 'Action'), action), h('label', { class: 'field' }, h('span', {}, 'Target'), target), h('button', { type: 'submit', class: 'btn' }, 'Apply'));
  main.append(pageHead('Audit log'), form, h('section', { class: 'panel' }, list, more));
  let rows = [];
  let cursor = null;
  const load = async (append) => {
    const page = await api(t(tenantId, '/audit'), { query: { limit: 100, action: action.value.trim(), target: target.value.trim(), cursor: append ? cursor : undefined } });
    rows = append ? rows.concat(page.items) : page.items;
    cursor = page.nextCursor;
    clear(list).append(rows.length ? table([
      { label: 'When', cell: (a) => timeCell(a.at) },
      { label: 'Actor', cell: (a) => a.actor },
      { label: 'Action', cell: (a) => h('span', { class: 'audit-action' }, a.action) },
      { label: 'Target', cell: (a) => (MESSAGE_KEY.test(a.target) ? h('a', { href: `#/message/${encodeURIComponent(a.target)}` }, h('code', { class: 'key' }, a.target)) : h('code', {}, a.target)) },
      { label: 'Reason', cell: (a) => a.reason },
    ], rows, { caption: 'Audit entries', rowAttrs: (a) => ({ dataset: { action: a.action } }) }) : empty('No audit entries.'));
    more.hidden = !cursor;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  await load(false);
}
