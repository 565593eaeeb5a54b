import { alertJobId, type AlertJob } from '../alerts/alert-job.ts';
import type { Policy } from '../policy/types.ts';
import { dlpIncidentsRepo, DLP_INCIDENT_ACTIONS, type DlpIncidentAction, type DlpRuleMatch } from '../store/dlp-incidents-repo.ts';
import type { PipelineContext } from './context.ts';
import { ids, type RemediateJob, type ScanJob } from './jobs.ts';

/** States after which an action is never started again (a replayed scan finds them recorded). */
const SETTLED = new Set(['done', 'noop', 'skipped', 'monitor']);

/** The incident actions the tenant's policy asks for (policy `dlp.incidentActions`), known ones only, in order. */
export function incidentActionsOf(policy: Policy): DlpIncidentAction[] {
  const wanted: readonly string[] = policy.dlp?.incidentActions ?? [];
  return DLP_INCIDENT_ACTIONS.filter((a) => wanted.includes(a));
}

export interface IncidentRef {
  id: string;
  job: ScanJob;
  /** The sender address as parsed ('' when the message had none). */
  sender: string;
  rules: DlpRuleMatch[];
}

/**
 * Starts each action of an incident once: the security-team alert and the sender's notice through the alerts
 * queue, the removal of the sent copy through the remediate queue (a purge: the vault keeps a sealed copy
 * first). Job ids are deterministic and each action's state is recorded before its job is enqueued, so a
 * worker finishing fast never has its `done` overwritten by `queued`. Monitor mode touches no mailbox: the
 * removal is recorded as what would be done.
 */
export async function runDlpIncidentActions(ctx: PipelineContext, incident: IncidentRef, policy: Policy): Promise<void> {
  const { job } = incident;
  const repo = dlpIncidentsRepo(ctx.store.db);
  const wanted = incidentActionsOf(policy);
  if (wanted.length === 0) return;
  const recorded = new Map((await repo.get(job.tenantId, incident.id))?.actions.map((a) => [a.action, a.status]) ?? []);
  const reason = `DLP incident ${incident.id}: ${incident.rules.map((r) => r.rule).join(', ')}`;
  for (const action of wanted) {
    if (SETTLED.has(recorded.get(action) ?? '')) continue;
    if (action === 'removeSentCopy') {
      if (policy.mode === 'monitor') {
        await repo.recordAction(incident.id, job.tenantId, action, 'monitor', 'would remove the sent copy (monitor mode)');
        await ctx.store.actions.audit({ tenantId: job.tenantId, actor: 'dlp', action: 'would-purge', target: job.messageKey, reason });
        continue;
      }
      await repo.recordAction(incident.id, job.tenantId, action, 'queued');
      const purge: RemediateJob = { provider: job.provider, tenantId: job.tenantId, mailboxId: job.mailboxId, messageId: job.messageId, messageKey: job.messageKey, action: 'purge', actor: 'dlp', reason, receivedAt: job.receivedAt };
      await ctx.queues.remediate.add(purge, ids.remediate(job.messageKey, 'purge'));
      continue;
    }
    if (action === 'notifySender' && !incident.sender) {
      await repo.recordAction(incident.id, job.tenantId, action, 'skipped', 'the message names no sender');
      await ctx.store.actions.audit({ tenantId: job.tenantId, actor: 'dlp', action: 'dlp-notify-sender-skipped', target: job.messageKey, reason: 'the message names no sender' });
      continue;
    }
    await repo.recordAction(incident.id, job.tenantId, action, 'queued');
    const alert: AlertJob = { sink: action === 'alert' ? 'dlp-alert' : 'dlp-notice', tenantId: job.tenantId, messageKey: job.messageKey };
    await ctx.queues.alerts.add(alert, alertJobId(alert));
  }
}

/**
 * In-process queues do not survive a restart: put back the incident actions still recorded as queued (called
 * with the rest of the recovery in runtime.ts). Same job ids, so an action still in a queue is not doubled, and
 * each handler is idempotent (alert deliveries recorded, a purge of a gone message is a no-op).
 */
export async function recoverDlpIncidentActions(ctx: PipelineContext): Promise<number> {
  const pending = await dlpIncidentsRepo(ctx.store.db).queuedActions();
  for (const { incident: i, action } of pending) {
    if (action === 'removeSentCopy') {
      const purge: RemediateJob = { provider: i.provider as RemediateJob['provider'], tenantId: i.tenantId, mailboxId: i.mailboxId, messageId: i.messageId, messageKey: i.messageKey, action: 'purge', actor: 'dlp', reason: `DLP incident ${i.id}: ${i.rules.map((r) => r.rule).join(', ')}`, receivedAt: Date.now() };
      await ctx.queues.remediate.add(purge, ids.remediate(i.messageKey, 'purge'));
    } else {
      const alert: AlertJob = { sink: action === 'alert' ? 'dlp-alert' : 'dlp-notice', tenantId: i.tenantId, messageKey: i.messageKey };
      await ctx.queues.alerts.add(alert, alertJobId(alert));
    }
  }
  return pending.length;
}
