import { api, t } from '../api.js';
import { defangHost, defangText } from '../defang.js';
import { fmtTime, h, pageHead, table, timeCell, toast, verdictBadge } from '../dom.js';
import { actionText } from './detection-row.js';

/**
 * One message: verdict and decision, findings with their evidence, authentication results, links (defanged by
 * the API, shown as text, never as live anchors), attachment tree, raw headers, actions and audit trail. URLs
 * and host names are defanged wherever they show (evidence, link domains and texts); addresses and file names
 * are shown as they are, in the facts as in the evidence (../defang.js says why).
 */
export async function renderMessage(main, ctx, [key]) {
  const { tenantId } = ctx;
  if (!tenantId || !key) return;
  const m = await api(t(tenantId, `/messages/${encodeURIComponent(key)}`));
  const c = m.content;
  const releaseBtn = h('button', { type: 'button', class: 'btn primary', id: 'release-btn' }, 'Release to inbox');
  const deleteBtn = h('button', { type: 'button', class: 'btn danger', id: 'delete-btn' }, 'Delete');
  const allow = h('input', { type: 'checkbox', id: 'allow-sender' });
  const act = async (kind) => {
    const reason = kind === 'release' ? 'released from the dashboard' : 'deleted from the dashboard';
    releaseBtn.disabled = deleteBtn.disabled = true;
    try {
      const r = await api(t(tenantId, `/messages/${encodeURIComponent(key)}/${kind}`), { method: 'POST', body: { reason, allowSender: kind === 'release' && allow.checked } });
      const res = r.results[0];
      toast(`${kind === 'release' ? 'Release' : 'Delete'}: ${res.status}${res.detail ? ` (${res.detail})` : ''}`, res.status === 'failed' ? 'bad' : 'ok');
      ctx.rerender();
    } catch (err) {
      toast(`Failed: ${err.message}`, 'bad');
      releaseBtn.disabled = deleteBtn.disabled = false;
    }
  };
  releaseBtn.addEventListener('click', () => void act('release'));
  deleteBtn.addEventListener('click', () => {
    if (confirm('Delete this message from the mailbox? A sealed copy stays in the vault.')) void act('delete');
  });

  // Release only what MailWarden moved out of the inbox (and has not released since); delete while it is still there.
  const last = m.actions.filter((a) => a.status === 'done').at(-1)?.action;
  // A release or delete the remediate queue has not finished: no second button, and look again shortly.
  const pending = m.actions.find((a) => a.status === 'queued');
  const held = !pending && ['quarantine', 'junk', 'trash', 'purge'].includes(last);
  main.append(
    // The subject the scan recorded when no vault copy gives the message's own (withheld when it held DLP data).
    pageHead(c?.subject || m.subject || m.messageId, ...(held ? [h('label', { class: 'inline' }, allow, ' and allow sender'), releaseBtn] : []),
      pending ? h('span', { class: 'status s-queued', id: 'message-pending', role: 'status' }, `${pending.action} queued…`) : null,
      last === 'purge' || pending ? null : deleteBtn),
    h('section', { class: 'panel summary' },
      h('dl', { class: 'facts' },
        fact('Verdict', h('span', { id: 'message-verdict' }, verdictBadge(m.verdict), ` score ${m.score.toFixed(1)}`)),
        fact('Action', h('span', { id: 'message-action' }, actionText(m))),
        fact('Decision', `${m.decision.reason} (${m.decision.mode})`),
        fact('Mailbox', m.mailboxAddress ?? m.mailboxId),
        c ? fact('From', `${c.from.name ? `${c.from.name} ` : ''}<${c.from.address}>`) : null,
        c?.replyTo.length ? fact('Reply-To', c.replyTo.join(', ')) : null,
        c ? fact('Return-Path', c.returnPath ?? '—') : null,
        c ? fact('To', c.to.join(', ') || '—') : null,
        fact('Received', fmtTime(m.firstSeenAt)),
        fact('Scanned', fmtTime(m.scannedAt)),
        fact('Vault copy', m.vault.stored ? `kept (${m.vault.size} bytes, sha256 ${m.vault.sha256.slice(0, 12)}…)` : 'none'))),
    h('section', { class: 'panel' }, h('h2', {}, 'Findings'),
      m.findings.length ? table([
        { label: 'Rule', cell: (f) => h('code', { class: 'rule' }, f.rule) },
        { label: 'Category', cell: (f) => f.category },
        { label: 'Score', class: 'num', cell: (f) => f.score.toFixed(1) },
        { label: 'Confidence', class: 'num', cell: (f) => `${Math.round(f.confidence * 100)} %` },
        { label: 'What it means', cell: (f) => f.description },
        { label: 'Evidence', cell: (f) => h('span', { class: 'evidence' }, defangText(f.evidence)) },
      ], m.findings, { caption: 'Findings' }) : h('p', { class: 'empty' }, 'No findings.'),
      m.failures.length ? h('p', { class: 'warn' }, `${m.failures.length} detector(s) failed or timed out on this message.`) : null),
    ...(c ? contentPanels(c) : [h('section', { class: 'panel' }, h('p', { class: 'muted' }, 'No vault copy of this message is kept (it was never quarantined), so its content is not shown.'))]),
    h('section', { class: 'panel' }, h('h2', {}, 'Audit trail'),
      m.audit.length ? table([
        { label: 'When', cell: (a) => timeCell(a.at) }, { label: 'Who', cell: (a) => a.actor }, { label: 'What', cell: (a) => a.action }, { label: 'Why', cell: (a) => a.reason },
      ], m.audit, { caption: 'Audit trail' }) : h('p', { class: 'empty' }, 'No entries.')),
  );
  if (!pending) return undefined;
  const timer = setTimeout(() => ctx.rerender(), 1000);
  return () => clearTimeout(timer);
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function contentPanels(c) {
  const auth = Object.entries(c.auth);
  return [
    h('section', { class: 'panel' }, h('h2', {}, 'Authentication'),
      h('ul', { class: 'auth-list' }, auth.map(([k, v]) => h('li', { class: v.pass === true ? 'pass' : v.pass === false ? 'fail' : 'none' }, h('strong', {}, k.toUpperCase()), ' ', v.verdict ?? (v.pass === null ? 'none' : v.pass ? 'pass' : 'fail'))))),
    h('section', { class: 'panel' }, h('h2', {}, `Links (${c.links.length})`),
      c.links.length ? table([
        { label: 'URL (defanged)', cell: (l) => h('code', { class: 'url' }, l.href) },
        { label: 'Domain', cell: (l) => (l.domain ? defangHost(l.domain) : '—') },
        { label: 'Shown as', cell: (l) => (l.displayText ? defangText(l.displayText) : '—') },
        { label: '', cell: (l) => (l.mismatched ? h('span', { class: 'badge v-phishing' }, 'text ≠ target') : '') },
      ], c.links, { caption: 'Links' }) : h('p', { class: 'empty' }, 'No links.')),
    h('section', { class: 'panel' }, h('h2', {}, `Attachments (${c.attachments.length})`),
      c.attachments.length ? h('ul', { class: 'tree' }, c.attachments.map((a) => h('li', {},
        h('span', { class: 'file' }, a.fileName ?? '(unnamed)'), ` ${a.contentType ?? ''} · ${a.size} bytes · sha256 ${a.sha256.slice(0, 16)}…`,
        a.children.length ? h('ul', {}, a.children.map((ch) => h('li', { style: undefined, class: `depth-${Math.min(ch.depth, 4)}` }, h('span', { class: 'file' }, ch.fileName ?? '(unnamed)'), ` ${ch.size} bytes`, ch.flags.map((f) => h('span', { class: 'flag' }, f))))) : null))) : h('p', { class: 'empty' }, 'No attachments.')),
    h('details', { class: 'panel' }, h('summary', {}, `Raw headers (${c.headers.length})`),
      h('pre', { class: 'headers' }, c.headers.map((x) => `${x.name}: ${x.value}\n`).join(''))),
  ];
}
