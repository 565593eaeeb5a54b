import { api, t } from '../api.js';
import { defangText } from '../defang.js';
import { fmtTime, h, pageHead, table, timeCell, toast } from '../dom.js';

const TRIAGE_ROLES = new Set(['analyst', 'admin', 'owner']);
/** Status badges reuse the palette of the protection modes: amber open, blue acknowledged, green resolved. */
const STATUS_CLASS = { open: 'mode-monitor', acknowledged: 'mode-hold', resolved: 'mode-enforce' };
const ACTION_LABEL = { alert: 'security alerted', notifySender: 'sender notified', removeSentCopy: 'sent copy removed' };

export function statusBadge(status) {
  return h('span', { class: `badge ${STATUS_CLASS[status] ?? ''}`, dataset: { status } }, status);
}

export function actionList(actions, className) {
  if (!actions.length) return h('span', { class: 'muted' }, 'recorded only');
  return h('ul', { class: className }, actions.map((a) => h('li', {}, h('span', { class: `status s-${a.status}` }, `${ACTION_LABEL[a.action] ?? a.action} · ${a.status}`))));
}

/**
 * One DLP incident: what left (masked evidence per rule), from whom to whom, the actions taken, the audit
 * trail, and — for analysts — the triage form (status and a note), which the API audits.
 */
export async function renderDlpIncident(main, ctx, [id]) {
  const { tenantId } = ctx;
  const i = await api(t(tenantId, `/dlp-incidents/${encodeURIComponent(id)}`));
  const role = ctx.me.memberships.find((m) => m.tenantId === tenantId || m.tenantId === '*')?.role;
  main.append(
    pageHead(`DLP incident: ${i.subject || '(no subject)'}`, h('a', { href: '#/dlp', class: 'btn ghost' }, 'All incidents')),
    h('section', { class: 'panel summary' },
      h('dl', { class: 'facts' },
        fact('Status', h('span', { id: 'incident-status' }, statusBadge(i.status), i.statusBy ? ` by ${i.statusBy} ${fmtTime(i.statusAt)}` : '')),
        i.statusNote ? fact('Note', i.statusNote) : null,
        fact('Sender', i.sender),
        fact('Recipients', i.recipients.join(', ') || '—'),
        fact('Mailbox', i.mailboxAddress ?? i.mailboxId),
        fact('Detected', fmtTime(i.detectedAt)),
        fact('Matches', String(i.matchCount)),
        fact('Actions', h('div', { id: 'incident-actions' }, actionList(i.actions, 'plain-list'))),
        fact('Message', h('a', { href: `#/message/${encodeURIComponent(i.messageKey)}` }, 'Scan details')))),
    TRIAGE_ROLES.has(role) ? triageForm(tenantId, i, ctx) : null,
    h('section', { class: 'panel' }, h('h2', {}, 'What was found (masked)'),
      table([
        { label: 'Rule', cell: (r) => h('code', { class: 'rule' }, r.rule) },
        { label: 'Count', class: 'num', cell: (r) => String(r.count) },
        { label: 'What it means', cell: (r) => r.description },
        { label: 'Evidence', cell: (r) => r.evidence.map((e) => h('div', { class: 'evidence' }, defangText(e))) },
      ], i.rules, { caption: 'Rules matched' })),
    h('section', { class: 'panel' }, h('h2', {}, 'Audit trail'),
      i.audit.length ? table([
        { label: 'When', cell: (a) => timeCell(a.at) }, { label: 'Who', cell: (a) => a.actor }, { label: 'What', cell: (a) => a.action }, { label: 'Why', cell: (a) => a.reason },
      ], i.audit, { caption: 'Audit trail' }) : h('p', { class: 'empty' }, 'No entries.')),
  );
}

function triageForm(tenantId, i, ctx) {
  const status = h('select', { id: 'triage-status', name: 'status' }, ['open', 'acknowledged', 'resolved'].map((s) => h('option', { value: s, selected: s === i.status }, s)));
  const note = h('input', { id: 'triage-note', name: 'note', class: 'note', maxlength: 500, placeholder: 'What was done (optional)' });
  const save = h('button', { type: 'submit', class: 'btn primary', id: 'triage-save' }, 'Save status');
  const form = h('form', { class: 'filters', 'aria-label': 'Triage' },
    h('label', { class: 'field' }, h('span', {}, 'Status'), status), h('label', { class: 'field' }, h('span', {}, 'Note'), note), save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save.disabled = true;
    try {
      await api(t(tenantId, `/dlp-incidents/${encodeURIComponent(i.id)}`), { method: 'PATCH', body: { status: status.value, ...(note.value.trim() ? { note: note.value.trim() } : {}) } });
      toast(`Incident ${status.value}`);
      ctx.rerender();
    } catch (err) {
      toast(`Failed: ${err.message}`, 'bad');
      save.disabled = false;
    }
  });
  return h('section', { class: 'panel' }, h('h2', {}, 'Triage'), form);
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}
