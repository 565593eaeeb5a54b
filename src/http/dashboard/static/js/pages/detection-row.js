import { fmtTime, h, verdictBadge } from '../dom.js';

/** Columns shared by the detections, DLP and quarantine lists. */
export function detectionColumns(tenantId) {
  return [
    { label: 'Scanned', cell: (r) => fmtTime(r.scannedAt) },
    { label: 'Verdict', cell: (r) => verdictBadge(r.verdict) },
    { label: 'Score', class: 'num', cell: (r) => r.score.toFixed(1) },
    { label: 'Mailbox', cell: (r) => r.mailboxAddress ?? r.mailboxId },
    { label: 'Top finding', cell: (r) => r.topFindings[0] ? h('code', {}, r.topFindings[0].rule) : '—' },
    { label: 'Action', cell: (r) => actionText(r) },
    { label: '', cell: (r) => h('a', { href: `#/message/${encodeURIComponent(r.messageKey)}`, class: 'open', 'aria-label': `Open message ${r.messageId}`, dataset: { key: r.messageKey, tenant: tenantId } }, 'Open') },
  ];
}

export function actionText(r) {
  const last = r.actions.at(-1);
  if (last) return h('span', { class: `status s-${last.status}` }, `${last.action} · ${last.status}`);
  return r.decision.mode === 'monitor' ? h('span', { class: 'muted' }, `would ${r.decision.planned} (monitor)`) : r.decision.action;
}
