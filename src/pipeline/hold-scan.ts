import type { Decision } from '../policy/types.ts';
import { holdRepo } from '../store/hold-repo.ts';
import type { PipelineContext } from './context.ts';
import { ids, type ScanJob } from './jobs.ts';

/** Actions that take a message out of the hold by themselves (quarantine from the hold, junk, trash, purge). */
const MOVES_OUT = new Set(['quarantine', 'junk', 'trash', 'purge']);

/**
 * After a verdict in a mailbox under the inline hold: mail the decision leaves where it is (clean, tagged,
 * monitor mode) gets a `hold_release` job into the inbox. Threats are moved out of the hold by their own action.
 * A message the scheduler already released (fail-open) makes the job a no-op: "already done" is success.
 */
export async function releaseAfterVerdict(ctx: PipelineContext, d: ScanJob, decision: Decision): Promise<void> {
  if (d.direction !== 'inbound' || MOVES_OUT.has(decision.action)) return;
  const hold = await holdRepo(ctx.store.db).get(d.tenantId, d.mailboxId);
  if (hold?.state !== 'installed' && hold?.state !== 'failed') return;
  await ctx.queues.remediate.add(
    {
      provider: d.provider,
      tenantId: d.tenantId,
      mailboxId: d.mailboxId,
      messageId: d.messageId,
      messageKey: d.messageKey,
      action: 'hold_release',
      actor: 'policy',
      reason: `scanned ${decision.verdict}: out of the hold into the inbox`,
      receivedAt: d.receivedAt,
    },
    ids.remediate(d.messageKey, 'hold_release'),
  );
}
