import { api, t } from '../api.js';
import { defangText } from '../defang.js';
import { clear, clipped, empty, h, pageHead, table, timeCell } from '../dom.js';
import { actionList, renderDlpIncident, statusBadge } from './dlp-incident.js';

const STATUSES = ['open', 'acknowledged', 'resolved'];

/**
 * DLP incidents: outbound messages that carried sensitive data — who sent what kind of data to whom, the masked
 * evidence, the actions taken, and the triage status. `#/dlp/<incident id>` opens one incident.
 */
export async function renderDlp(main, ctx, params = []) {
  const { tenantId } = ctx;
  if (!tenantId) return;
  if (params[0]) return renderDlpIncident(main, ctx, params);
  const status = h('select', { id: 'dlp-status', name: 'status' }, h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s }, s)));
  const rule = h('input', { id: 'dlp-rule', name: 'rule', class: 'wide', placeholder: 'e.g. DLP_PAYMENT_CARD' });
  const sender = h('input', { id: 'dlp-sender', name: 'sender', placeholder: 'address or domain' });
  const since = h('input', { id: 'dlp-since', name: 'since', type: 'date' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter DLP incidents' },
    field('Status', status), field('Rule', rule), field('Sender', sender), field('Since', since), h('button', { type: 'submit', class: 'btn' }, 'Apply'));
  const list = h('div', { id: 'dlp-list' });
  const more = h('button', { type: 'button', class: 'btn ghost', hidden: true }, 'Load more');
  main.append(pageHead('DLP incidents'),
    h('p', { class: 'muted' }, 'Outbound messages in which data-loss-prevention rules found sensitive data (card numbers, national identifiers, secrets). Values are masked; they are never stored.'),
    form, h('section', { class: 'panel' }, list, more));

  let rows = [];
  let cursor = null;
  const query = () => ({
    status: status.value || undefined,
    rule: rule.value.trim() || undefined,
    sender: sender.value.trim() || undefined,
    since: since.value ? new Date(`${since.value}T00:00:00Z`).toISOString() : undefined,
  });
  const draw = () => {
    clear(list).append(rows.length ? table(columns(tenantId), rows, { caption: 'DLP incidents', rowAttrs: (r) => ({ dataset: { incident: r.id } }) }) : empty('No DLP incidents match.'));
    more.hidden = !cursor;
  };
  const load = async (append) => {
    const page = await api(t(tenantId, '/dlp-incidents'), { query: { ...query(), limit: 50, cursor: append ? cursor : undefined } });
    rows = append ? rows.concat(page.items) : page.items;
    cursor = page.nextCursor;
    draw();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(false).catch((err) => clear(list).append(h('div', { class: 'error', role: 'alert' }, `Could not load: ${err.message}`)));
  });
  more.addEventListener('click', () => void load(true));
  await load(false);
}

function columns(tenantId) {
  return [
    { label: 'Detected', cell: (r) => timeCell(r.detectedAt) },
    { label: 'Status', cell: (r) => statusBadge(r.status) },
    { label: 'Sender', cell: (r) => r.sender },
    { label: 'Recipients', cell: (r) => (r.recipients.length > 2 ? `${r.recipients.slice(0, 2).join(', ')} +${r.recipients.length - 2}` : r.recipients.join(', ') || '—') },
    { label: 'Subject', cell: (r) => (r.subject ? clipped(r.subject, 'clip-2 subject') : '—') },
    { label: 'Data found (masked)', cell: (r) => r.rules.map((x) => h('div', {}, h('code', {}, x.rule), ` ×${x.count}`, x.evidence[0] ? h('div', { class: 'evidence' }, defangText(x.evidence[0])) : null)) },
    { label: 'Actions', cell: (r) => actionList(r.actions) },
    { label: '', cell: (r) => h('a', { href: `#/dlp/${encodeURIComponent(r.id)}/${encodeURIComponent(tenantId)}`, class: 'open', 'aria-label': `Open incident ${r.id}` }, 'Open') },
  ];
}

function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}
