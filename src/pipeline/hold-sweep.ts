import { isAppError } from '../core/errors.ts';
import type { HeldMessage, MailboxRef, ProviderId } from '../core/provider.ts';
import { currentPolicy } from '../policy/store-port.ts';
import type { Policy } from '../policy/types.ts';
import { holdRepo } from '../store/hold-repo.ts';
import { groupIds } from '../store/mailboxes-repo.ts';
import { withProviderSlot, type PipelineContext } from './context.ts';
import { ids } from './jobs.ts';
import { heldMailPlan } from './hold-channel.ts';
import { releaseHeld } from './hold-release.ts';
import { reconcileHold, type ReconcileOutcome } from './hold-reconcile.ts';

/** Mailboxes a sweep works on at once. */
const SWEEP_CONCURRENCY = 8;

/** Runs `work` over `items`, at most `limit` at a time. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export interface HoldSweepReport {
  /** Held messages released unscanned because they neared the bound. */
  released: number;
  /** Held messages queued for a scan by the sweep itself because their mailbox has no live push channel. */
  scanQueued: number;
  reconciled: Partial<Record<ReconcileOutcome, number>>;
  /** Mailboxes left for the next sweep because this one's reconcile budget ran out. */
  deferred: number;
  errors: number;
}

/**
 * The inline hold's timing, from HOLD_MAX_WAIT_SECONDS: the scheduler sweeps every quarter of the bound and
 * releases mail held for half of it, so nothing waits longer than three quarters of the bound plus the time a
 * sweep itself takes.
 */
export function holdTiming(maxWaitSeconds: number): { sweepMs: number; releaseAfterMs: number } {
  const bound = maxWaitSeconds * 1000;
  return { sweepMs: Math.max(250, Math.floor(bound / 4)), releaseAfterMs: Math.floor(bound / 2) };
}

/**
 * One sweep, run by the scheduler process itself (never through a queue): the fail-open release must happen
 * when no worker runs. First release what waited too long, then bring each mailbox's hold rule in line with
 * its policy. One mailbox failing never stops the others.
 */
export async function sweepHold(ctx: PipelineContext, now = Date.now()): Promise<HoldSweepReport> {
  const report: HoldSweepReport = { released: 0, scanQueued: 0, reconciled: {}, deferred: 0, errors: 0 };
  const repo = holdRepo(ctx.store.db);
  const { releaseAfterMs } = holdTiming(ctx.config.HOLD_MAX_WAIT_SECONDS);
  const channels = await channelExpiries(ctx);
  // Mailboxes in parallel (each under its own provider-call cap), a mailbox's held mail oldest first.
  await inPool(await repo.holding(), SWEEP_CONCURRENCY, async (h) => {
    const mailbox = await ctx.store.mailboxes.get(h.tenantId, h.mailboxId);
    if (!mailbox) return;
    try {
      const provider = await ctx.providers.get(h.tenantId);
      const plan = heldMailPlan(mailbox.provider, channels.get(`${h.tenantId}\u0000${h.mailboxId}`) ?? null, now);
      // Without a live channel the listing takes all held mail (same one call), not just the overdue part; a
      // minute ahead, as hold removal does, so mail stamped by a provider clock ahead of ours is not missed.
      const cutoff = plan === 'scan-held' ? now + 60_000 : now - releaseAfterMs;
      const held = await withProviderSlot(ctx, mailbox, () => provider.listHeld(mailbox, new Date(cutoff), 500));
      for (const m of held) {
        if (now - m.receivedAt.getTime() >= releaseAfterMs) {
          if (await releaseHeld(ctx, mailbox, m, 'fail-open', now)) report.released += 1;
        } else if (await queueHeldScan(ctx, mailbox, m)) report.scanQueued += 1;
      }
    } catch (err) {
      report.errors += 1;
      if (isAppError(err)) ctx.metrics.providerErrors.inc({ provider: mailbox.provider, code: err.code });
      ctx.logger.warn({ tenantId: h.tenantId, mailboxId: h.mailboxId, code: isAppError(err) ? err.code : 'unexpected' }, 'hold fail-open release failed');
    }
  });
  if (report.released > 0) ctx.logger.warn({ released: report.released }, 'held mail released unscanned (fail-open)');
  if (report.scanQueued > 0) ctx.logger.warn({ scanQueued: report.scanQueued }, 'held mail found by the sweep: its mailbox has no live push channel');

  const policies = new Map<string, Policy | null>();
  const rows = await ctx.store.db
    .selectFrom('mailboxes')
    .select(['tenant_id', 'mailbox_id', 'provider', 'address', 'enabled', 'hold_state', 'hold_detail', 'hold_checked_at', 'group_ids'])
    .orderBy('tenant_id')
    .orderBy('mailbox_id')
    .execute();
  for (const r of rows) if (!policies.has(r.tenant_id)) policies.set(r.tenant_id, await currentPolicy(ctx.store, r.tenant_id));
  // Rule installs are rare but slow (first sweep of a large tenant): they get half a sweep interval, and what is
  // left waits for the next sweep, so the fail-open release above is never held up behind them.
  const deadline = Date.now() + holdTiming(ctx.config.HOLD_MAX_WAIT_SECONDS).sweepMs / 2;
  await inPool(rows, SWEEP_CONCURRENCY, async (r) => {
    const policy = policies.get(r.tenant_id);
    if (!policy) return;
    if (Date.now() > deadline) {
      report.deferred += 1;
      return;
    }
    const mailbox = { tenantId: r.tenant_id, provider: r.provider as ProviderId, mailboxId: r.mailbox_id, address: r.address, enabled: r.enabled === 1, groups: groupIds(r.group_ids) };
    const hold = { tenantId: r.tenant_id, mailboxId: r.mailbox_id, state: r.hold_state as 'installed' | 'removed' | 'failed' | null, detail: r.hold_detail, checkedAt: r.hold_checked_at ? new Date(r.hold_checked_at) : null };
    try {
      const outcome = await reconcileHold(ctx, mailbox, policy, hold, now);
      report.reconciled[outcome] = (report.reconciled[outcome] ?? 0) + 1;
    } catch (err) {
      // reconcileHold records provider failures itself; this is the store or a provider cache failing.
      report.errors += 1;
      ctx.logger.warn({ tenantId: r.tenant_id, mailboxId: r.mailbox_id, code: isAppError(err) ? err.code : 'unexpected' }, 'hold reconcile failed');
    }
  });
  return report;
}

/** Each mailbox's push-channel expiry (tenant + NUL + mailbox → latest expiry), read once per sweep. */
async function channelExpiries(ctx: PipelineContext): Promise<Map<string, Date>> {
  const rows = await ctx.store.db.selectFrom('subscriptions').select(['tenant_id', 'mailbox_id', 'expires_at']).execute();
  const out = new Map<string, Date>();
  for (const r of rows) {
    const key = `${r.tenant_id}\u0000${r.mailbox_id}`;
    const at = new Date(r.expires_at);
    const known = out.get(key);
    if (!known || known < at) out.set(key, at);
  }
  return out;
}

/**
 * Queues the scan a push notification would have queued for a held message nobody announced (same message key
 * and deterministic job id, so it collapses into one queued by a late notification). Messages already seen are
 * left alone: their scan is queued or done, and a clean verdict's release is the worker's.
 */
async function queueHeldScan(ctx: PipelineContext, mailbox: MailboxRef, held: HeldMessage): Promise<boolean> {
  const messageKey = ids.message(mailbox.provider, mailbox.tenantId, mailbox.mailboxId, held.messageId);
  if (await ctx.store.messages.get(messageKey)) return false;
  await ctx.store.messages.recordSeen({ key: messageKey, tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, messageId: held.messageId, direction: 'inbound' });
  await ctx.queues.scan.add(
    { provider: mailbox.provider, tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, messageId: held.messageId, direction: 'inbound', messageKey, receivedAt: held.receivedAt.getTime() },
    ids.scan(messageKey),
  );
  return true;
}

/**
 * Runs `sweepHold` every `holdTiming().sweepMs` in the scheduler process, under a database lease so two
 * schedulers never sweep at once, and never two sweeps of this process at once.
 */
export function startHoldSweep(ctx: PipelineContext): { sweep(): Promise<HoldSweepReport | null>; stop(): void } {
  const { sweepMs } = holdTiming(ctx.config.HOLD_MAX_WAIT_SECONDS);
  let running: Promise<HoldSweepReport | null> | null = null;
  const sweep = (): Promise<HoldSweepReport | null> => {
    running ??= (async () => {
      try {
        if (!(await ctx.store.leases.acquire('hold-sweep', sweepMs * 4))) return null;
        return await sweepHold(ctx);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => ctx.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'hold sweep failed'));
  }, sweepMs);
  timer.unref();
  return {
    sweep,
    stop() {
      clearInterval(timer);
      void ctx.store.leases.release('hold-sweep').catch(() => {});
    },
  };
}
