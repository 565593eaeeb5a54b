import { clipped, h, timeCell, verdictBadge } from '../dom.js';

/** Columns shared by the detections list and the overview's latest detections. */
export function detectionColumns(tenantId) {
  return [
    { label: 'Scanned', cell: (r) => timeCell(r.scannedAt) },
    { label: 'Verdict', cell: (r) => verdictBadge(r.verdict) },
    { label: 'Score', class: 'num', cell: (r) => r.score.toFixed(1) },
    { label: 'Subject', class: 'subject-col', cell: (r) => subjectCell(r) },
    { label: 'Mailbox', cell: (r) => r.mailboxAddress ?? r.mailboxId },
    { label: 'Top finding', cell: (r) => r.topFindings[0] ? h('code', { class: 'rule' }, r.topFindings[0].rule) : '—' },
    { label: 'Action', cell: (r) => actionText(r) },
    { label: '', cell: (r) => h('a', { href: `#/message/${encodeURIComponent(r.messageKey)}`, class: 'open', 'aria-label': `Open message ${r.subject || r.messageId}`, dataset: { key: r.messageKey, tenant: tenantId } }, 'Open') },
  ];
}

/**
 * The subject (hostile input: text only, cut to one line, whole in the tooltip) with the sender's address under
 * it, so a row says what the message is without opening it.
 */
export function subjectCell(r) {
  return [
    r.subject ? clipped(r.subject, 'clip subject') : h('span', { class: 'clip subject muted' }, '(no subject)'),
    r.sender ? clipped(r.sender, 'clip sender muted small') : null,
  ];
}

export function actionText(r) {
  const last = r.actions.at(-1);
  if (last) return h('span', { class: `status s-${last.status}` }, `${last.action} · ${last.status}`);
  return r.decision.mode === 'monitor' ? h('span', { class: 'muted' }, `would ${r.decision.planned} (monitor)`) : r.decision.action;
}
