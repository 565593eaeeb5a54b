import { isAppError } from '../core/errors.ts';
import type { HeldMessage, MailboxRef } from '../core/provider.ts';
import { withProviderSlot, type PipelineContext } from './context.ts';
import { ids } from './jobs.ts';

const MOVES_OUT = new Set(['quarantine', 'junk', 'trash', 'purge']);

/** The actions-table id of a release done by the scheduler (kept apart from the worker's own hold_release row). */
export const failOpenActionId = (messageKey: string) => ids.remediate(messageKey, 'hold_release:scheduler');

/**
 * Releases one held message on the scheduler's own authority (fail-open past the bound, or the hold being
 * removed): hold_release at the provider, a per-message action row and an audit entry saying it went out
 * unscanned and after how long, then a scan job (deterministic id: it collapses into one already queued).
 * Returns false when the message was no longer held (quarantined or moved meanwhile): nothing to record.
 */
export async function releaseHeld(ctx: PipelineContext, mailbox: MailboxRef, held: HeldMessage, why: 'fail-open' | 'hold removed', now = Date.now()): Promise<boolean> {
  const provider = await ctx.providers.get(mailbox.tenantId);
  const messageKey = ids.message(mailbox.provider, mailbox.tenantId, mailbox.mailboxId, held.messageId);
  const ref = { mailbox, messageId: held.messageId, direction: 'inbound' as const };
  const verdict = await ctx.store.messages.verdict(messageKey);
  // A known threat whose action has not run yet stays held: its remediation moves it out of the hold.
  if (verdict && MOVES_OUT.has(verdict.decision.action)) return false;
  let changed: boolean;
  try {
    changed = (await withProviderSlot(ctx, mailbox, () => provider.remediate(ref, 'hold_release'))).changed;
  } catch (err) {
    // Quarantined, junked or deleted between the listing and now: the verdict got there first.
    if (isAppError(err) && (err.code === 'conflict' || err.code === 'not_found')) return false;
    throw err;
  }
  const waited = Math.max(0, Math.round((now - held.receivedAt.getTime()) / 1000));
  const scanned = Boolean(verdict);
  const detail = scanned
    ? `released by the scheduler after ${waited} s (${why}); verdict recorded, its action had not run`
    : why === 'fail-open'
      ? `released unscanned (fail-open after ${waited} s)`
      : `released unscanned (hold removed, after ${waited} s)`;
  await ctx.store.messages.recordSeen({ key: messageKey, tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, messageId: held.messageId, direction: 'inbound' });
  await ctx.store.actions.record({ id: failOpenActionId(messageKey), tenantId: mailbox.tenantId, messageKey, action: 'hold_release', status: changed ? 'done' : 'noop', detail });
  await ctx.store.actions.audit({ tenantId: mailbox.tenantId, actor: 'scheduler', action: 'hold_release', target: messageKey, reason: detail, detail: { waitedSeconds: waited, scanned, changed, why } });
  ctx.metrics.actions.inc({ action: 'hold_release', result: scanned ? 'scheduler' : 'unscanned' });
  if (!scanned) {
    await ctx.queues.scan.add(
      { provider: mailbox.provider, tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, messageId: held.messageId, direction: 'inbound', messageKey, receivedAt: held.receivedAt.getTime() },
      ids.scan(messageKey),
    );
  }
  return true;
}
