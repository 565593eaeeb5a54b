import { describeError, isAppError } from '../core/errors.ts';
import type { MailboxRef } from '../core/provider.ts';
import type { Policy } from '../policy/types.ts';
import { holdRepo, type MailboxHold } from '../store/hold-repo.ts';
import { withProviderSlot, type PipelineContext } from './context.ts';
import { wantsHold } from './hold-mode.ts';
import { releaseHeld } from './hold-release.ts';

/** An installed hold is re-installed (idempotent: a no-op when the rule is intact) this often, to repair a rule someone deleted. */
export const HOLD_VERIFY_EVERY_MS = 3600_000;

export type ReconcileOutcome = 'installed' | 'verified' | 'removed' | 'failed' | 'unchanged';

/**
 * Brings one mailbox's provider-side hold in line with its policy. Installing is idempotent (the connector
 * finds its own rule / filter and leaves it); removing deletes it and then releases whatever it still held, so
 * nothing is left behind. Each change of state is audited; a failure is recorded on the mailbox (mode `broken`).
 */
export async function reconcileHold(ctx: PipelineContext, mailbox: MailboxRef & { enabled: boolean; groups?: readonly string[] }, policy: Policy, hold: MailboxHold | null, now = Date.now()): Promise<ReconcileOutcome> {
  const repo = holdRepo(ctx.store.db);
  const wanted = mailbox.enabled && wantsHold(policy, { address: mailbox.address, groupIds: mailbox.groups ?? [] });
  const state = hold?.state ?? null;
  const target = `${mailbox.tenantId}/${mailbox.mailboxId}`;
  if (!wanted && state !== 'installed' && state !== 'failed') return 'unchanged';
  if (wanted && state === 'installed' && hold?.checkedAt && now - hold.checkedAt.getTime() < HOLD_VERIFY_EVERY_MS) return 'unchanged';
  const provider = await ctx.providers.get(mailbox.tenantId);
  try {
    await withProviderSlot(ctx, mailbox, () => provider.installHold(mailbox, wanted));
    if (!wanted) {
      // The rule is gone, so nothing new is held; what it held already goes back to the inbox (and is scanned).
      for (const held of await withProviderSlot(ctx, mailbox, () => provider.listHeld(mailbox, new Date(now + 60_000), 1000))) {
        await releaseHeld(ctx, mailbox, held, 'hold removed', now);
      }
    }
  } catch (err) {
    if (isAppError(err)) ctx.metrics.providerErrors.inc({ provider: mailbox.provider, code: err.code });
    // Removing from a mailbox the provider no longer has (deleted, unlicensed): nothing is left to remove.
    if (!wanted && isAppError(err) && (err.code === 'mailbox_unavailable' || err.code === 'not_found')) {
      await repo.set(mailbox.tenantId, mailbox.mailboxId, 'removed', describeError(err));
      await ctx.store.actions.audit({ tenantId: mailbox.tenantId, actor: 'scheduler', action: 'hold-remove', target, reason: `mailbox gone at the provider: ${describeError(err)}` });
      return 'removed';
    }
    const detail = describeError(err);
    await repo.set(mailbox.tenantId, mailbox.mailboxId, 'failed', detail);
    if (state !== 'failed') await ctx.store.actions.audit({ tenantId: mailbox.tenantId, actor: 'scheduler', action: wanted ? 'hold-install-failed' : 'hold-remove-failed', target, reason: `${wanted ? 'install' : 'removal'}: ${detail}` });
    ctx.logger.warn({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, code: isAppError(err) ? err.code : 'unexpected' }, 'hold reconcile failed');
    return 'failed';
  }
  await repo.set(mailbox.tenantId, mailbox.mailboxId, wanted ? 'installed' : 'removed');
  if (wanted && state === 'installed') return 'verified';
  await ctx.store.actions.audit({
    tenantId: mailbox.tenantId,
    actor: 'scheduler',
    action: wanted ? 'hold-install' : 'hold-remove',
    target,
    reason: wanted ? 'policy asks for the inline hold (enforce mode, hold on)' : 'policy no longer asks for the inline hold',
  });
  return wanted ? 'installed' : 'removed';
}
