import { api, t } from '../api.js';
import { clear, empty, h, pageHead, table } from '../dom.js';
import { onDetection } from '../live.js';
import { detectionColumns } from './detection-row.js';

const VERDICTS = ['malware', 'phishing', 'bec', 'spam', 'suspicious', 'clean'];

/**
 * Detections: server-side filters (verdict, rule, mailbox, since) and a search over subjects and senders;
 * new detections of this tenant arrive live from the SSE feed at the top of the list.
 */
export async function renderDetections(main, { tenantId }) {
  if (!tenantId) return;
  const q = new URLSearchParams(sessionStorage.getItem('mw.detections.filter') ?? '');
  const verdict = h('select', { id: 'f-verdict', name: 'verdict' }, h('option', { value: '' }, 'All threats'), VERDICTS.map((v) => h('option', { value: v, selected: q.get('verdict') === v }, v)));
  const rule = h('input', { id: 'f-rule', name: 'rule', class: 'wide', placeholder: 'e.g. LINK_CREDENTIAL_PATH', value: q.get('rule') ?? '' });
  const mailbox = h('input', { id: 'f-mailbox', name: 'mailbox', placeholder: 'user@example.com', value: q.get('mailbox') ?? '' });
  const since = h('input', { id: 'f-since', name: 'since', type: 'date', value: q.get('since') ?? '' });
  const search = h('input', { id: 'f-search', name: 'q', type: 'search', class: 'wide', placeholder: 'subject or sender contains', value: q.get('q') ?? '' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter detections' },
    field('Search', search), field('Verdict', verdict), field('Rule', rule), field('Mailbox', mailbox), field('Since', since),
    h('button', { type: 'submit', class: 'btn' }, 'Apply'));
  const list = h('div', { id: 'detections-list' });
  const more = h('button', { type: 'button', class: 'btn ghost', hidden: true }, 'Load more');
  main.append(pageHead('Detections'), form, h('section', { class: 'panel' }, list, more));

  let rows = [];
  let cursor = null;
  const fresh = new Set();
  const params = () => ({
    q: search.value.trim() || undefined,
    verdict: verdict.value || undefined,
    rule: rule.value.trim() || undefined,
    mailbox: mailbox.value.trim() || undefined,
    since: since.value ? new Date(`${since.value}T00:00:00Z`).toISOString() : undefined,
    includeClean: verdict.value === 'clean' ? 'true' : undefined,
  });
  const draw = () => {
    clear(list).append(rows.length ? table(detectionColumns(tenantId), rows, { caption: 'Detections', rowAttrs: (r) => ({ class: fresh.has(r.messageKey) ? 'fresh' : undefined, dataset: { key: r.messageKey } }) }) : empty('No detections match.'));
    more.hidden = !cursor;
  };
  const load = async (append) => {
    const page = await api(t(tenantId, '/detections'), { query: { ...params(), limit: 50, cursor: append ? cursor : undefined } });
    rows = append ? rows.concat(page.items) : page.items;
    cursor = page.nextCursor;
    draw();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = params();
    sessionStorage.setItem('mw.detections.filter', new URLSearchParams({ q: p.q ?? '', verdict: verdict.value, rule: p.rule ?? '', mailbox: p.mailbox ?? '', since: since.value }).toString());
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  await load(false);

  return onDetection((d) => {
    if (d.tenantId !== tenantId || rows.some((r) => r.messageKey === d.messageKey)) return;
    const p = params();
    // Only rows the current filters would return (the feed itself sends every non-clean verdict).
    if (p.verdict ? d.verdict !== p.verdict : d.verdict === 'clean') return;
    if (p.rule && !d.topFindings.some((f) => f.rule === p.rule)) return;
    if (p.mailbox && d.mailboxAddress !== p.mailbox && d.mailboxId !== p.mailbox) return;
    if (p.q && !`${d.subject ?? ''}\n${d.sender ?? ''}`.toLowerCase().includes(p.q.toLowerCase())) return;
    fresh.add(d.messageKey);
    rows.unshift(d);
    draw();
  });
}

function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}
