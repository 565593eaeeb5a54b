import { api, t } from '../api.js';
import { clear, empty, h, pageHead, timeCell, toast, verdictBadge } from '../dom.js';
import { subjectCell } from './detection-row.js';

/** Quarantine review: select messages, then release, delete, or release and allow their senders, in bulk. */
export async function renderQuarantine(main, ctx) {
  const { tenantId } = ctx;
  if (!tenantId) return;
  const { items } = await api(t(tenantId, '/quarantine'));
  const selected = new Set();
  const count = h('span', { class: 'muted', id: 'q-count', 'aria-live': 'polite' }, '0 selected');
  const buttons = [
    h('button', { type: 'button', class: 'btn primary', id: 'q-release', disabled: true }, 'Release'),
    h('button', { type: 'button', class: 'btn', id: 'q-release-allow', disabled: true }, 'Release & allow sender'),
    h('button', { type: 'button', class: 'btn danger', id: 'q-delete', disabled: true }, 'Delete'),
  ];
  const sync = () => {
    count.textContent = `${selected.size} selected`;
    for (const b of buttons) b.disabled = selected.size === 0;
  };
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select all' });
  const boxes = items.map((r) => {
    const cb = h('input', { type: 'checkbox', 'aria-label': `Select ${r.subject || r.messageId}`, dataset: { key: r.messageKey } });
    cb.addEventListener('change', () => {
      if (cb.checked) selected.add(r.messageKey);
      else selected.delete(r.messageKey);
      sync();
    });
    return cb;
  });
  all.addEventListener('change', () => {
    for (const cb of boxes) {
      cb.checked = all.checked;
      cb.dispatchEvent(new Event('change'));
    }
  });
  const run = async (path, body, verb) => {
    for (const b of buttons) b.disabled = true;
    try {
      const r = await api(t(tenantId, path), { method: 'POST', body: { messageKeys: [...selected], ...body } });
      const by = Object.groupBy ? Object.groupBy(r.results, (x) => x.status) : {};
      toast(`${verb}: ${Object.entries(by).map(([k, v]) => `${v.length} ${k}`).join(', ') || r.results.length}`, r.results.some((x) => x.status === 'failed') ? 'bad' : 'ok');
      ctx.rerender();
    } catch (err) {
      toast(`Failed: ${err.message}`, 'bad');
      sync();
    }
  };
  buttons[0].addEventListener('click', () => void run('/quarantine/release', { reason: 'released in quarantine review', allowSender: false }, 'Release'));
  buttons[1].addEventListener('click', () => void run('/quarantine/release', { reason: 'released in quarantine review; sender allowed', allowSender: true }, 'Release & allow'));
  buttons[2].addEventListener('click', () => {
    if (confirm(`Delete ${selected.size} message(s)? Sealed copies stay in the vault.`)) void run('/quarantine/delete', { reason: 'deleted in quarantine review' }, 'Delete');
  });
  const body = items.length
    ? h('table', { class: 'grid' }, h('caption', { class: 'sr-only' }, 'Quarantined messages'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, all), ['Held since', 'Verdict', 'Score', 'Subject', 'Mailbox', 'Top finding', ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, items.map((r, i) => h('tr', { dataset: { key: r.messageKey } },
        h('td', {}, boxes[i]), h('td', {}, timeCell(r.actions.at(-1)?.at ?? r.scannedAt)), h('td', {}, verdictBadge(r.verdict)), h('td', { class: 'num' }, r.score.toFixed(1)),
        h('td', { class: 'subject-col' }, subjectCell(r)),
        h('td', {}, r.mailboxAddress ?? r.mailboxId), h('td', {}, r.topFindings[0] ? h('code', { class: 'rule' }, r.topFindings[0].rule) : '—'),
        h('td', {}, releaseState(r), h('a', { href: `#/message/${encodeURIComponent(r.messageKey)}` }, 'Open'))))))
    : empty('Quarantine is empty.');
  main.append(pageHead('Quarantine', count, ...buttons), h('section', { class: 'panel' }, clear(h('div')), body));
  // Releases run in the remediate queue: while one is queued, look again shortly (done ones leave the list).
  if (!items.some((r) => r.actions.some((a) => a.status === 'queued'))) return undefined;
  const timer = setTimeout(() => ctx.rerender(), 1000);
  return () => clearTimeout(timer);
}

/** What happened to an asked-for release: still queued, or failed (dead-lettered) and worth asking again. */
function releaseState(r) {
  const rel = r.actions.find((a) => a.action === 'release');
  if (!rel || (rel.status !== 'queued' && rel.status !== 'failed')) return null;
  return h('span', { class: `status s-${rel.status}`, dataset: { release: rel.status } }, rel.status === 'queued' ? 'releasing… ' : 'release failed ');
}
