import { bareAddress } from '../alerts/mail-transport.ts';
import type { MessageModel } from '../core/message.ts';
import type { MailboxRef } from '../core/provider.ts';
import type { Verdict } from '../core/verdict.ts';
import type { Policy } from '../policy/types.ts';
import { dlpIncidentsRepo, type DlpRuleMatch } from '../store/dlp-incidents-repo.ts';
import type { PipelineContext } from './context.ts';
import { runDlpIncidentActions } from './dlp-incident-actions.ts';
import type { ScanJob } from './jobs.ts';

/** Shown instead of a subject in which DLP found sensitive data: the incident must not store the value. */
export const WITHHELD_SUBJECT = '(subject withheld: it contains sensitive data)';

/**
 * The DLP findings of a verdict grouped by rule: total count and every masked evidence line. The count is
 * the `N×` the DLP detector puts at the start of its evidence (1 when a finding has none).
 */
export function dlpRuleMatches(verdict: Pick<Verdict, 'findings'>): DlpRuleMatch[] {
  const byRule = new Map<string, DlpRuleMatch>();
  for (const f of verdict.findings) {
    if (f.category !== 'dlp') continue;
    const m = byRule.get(f.rule) ?? { rule: f.rule, description: f.description, count: 0, evidence: [] };
    m.count += Number(/^(\d+)×/.exec(f.evidence)?.[1] ?? 1);
    if (m.evidence.length < 10) m.evidence.push(f.evidence.slice(0, 500));
    byRule.set(f.rule, m);
  }
  return [...byRule.values()];
}

/** A built-in match in the subject means the subject holds the value (word-list terms are the tenant's own words). */
function subjectHoldsValue(matches: DlpRuleMatch[]): boolean {
  return matches.some((m) => m.rule !== 'DLP_WORD_LIST' && m.evidence.some((e) => / in subject: /.test(e)));
}

/**
 * The subject as it may be stored (the incident, the message summary the detection lists show): withheld when a
 * DLP detector found a sensitive value in it.
 */
export function storableSubject(verdict: Pick<Verdict, 'findings'>, subject: string): string {
  return subjectHoldsValue(dlpRuleMatches(verdict)) ? WITHHELD_SUBJECT : subject;
}

export interface ScanOutcome {
  verdict: Verdict;
  model: Pick<MessageModel, 'sender' | 'recipients' | 'subject'>;
}

/**
 * Outbound mail with DLP findings becomes an incident (once per message) and the tenant's incident actions are
 * started. Called by the scan worker before the verdict is recorded, so a crash in between replays the scan and
 * lands here again: opening is idempotent and actions already settled are not started twice.
 */
export async function openDlpIncident(ctx: PipelineContext, job: ScanJob, mailbox: MailboxRef, scan: ScanOutcome, policy: Policy): Promise<void> {
  if (job.direction !== 'outbound') return;
  const rules = dlpRuleMatches(scan.verdict);
  if (rules.length === 0) return;
  const sender = (scan.model.sender?.email?.email ?? '').toLowerCase();
  // Our own alert and notice emails land in the alert sender's Sent Items; they quote subjects and rule names,
  // and must never open incidents of their own (one incident would alert, which would open another...).
  if (sender && sender === bareAddress(ctx.config.ALERT_FROM).toLowerCase()) return;
  const r = scan.model.recipients;
  const recipients = [...new Set([...(r?.to ?? []), ...(r?.cc ?? []), ...(r?.bcc ?? [])].map((m) => m.email.email.toLowerCase()).filter(Boolean))];
  const repo = dlpIncidentsRepo(ctx.store.db);
  const { id, created } = await repo.open({
    tenantId: job.tenantId,
    messageKey: job.messageKey,
    provider: job.provider,
    mailboxId: job.mailboxId,
    mailboxAddress: mailbox.address,
    messageId: job.messageId,
    sender: sender || mailbox.address,
    recipients,
    subject: storableSubject(scan.verdict, scan.model.subject?.subject ?? ''),
    rules,
  });
  if (created) {
    const ruleIds = rules.map((m) => m.rule);
    await ctx.store.actions.audit({ tenantId: job.tenantId, actor: 'dlp', action: 'dlp-incident', target: job.messageKey, reason: `sensitive data sent: ${ruleIds.join(', ')}`, detail: { incidentId: id, rules: ruleIds, recipients: recipients.length } });
    ctx.logger.info({ tenantId: job.tenantId, messageKey: job.messageKey, incidentId: id, rules: ruleIds }, 'dlp incident opened');
  }
  await runDlpIncidentActions(ctx, { id, job, sender, rules }, policy);
}
