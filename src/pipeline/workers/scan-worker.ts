import { AppError, isAppError } from '../../core/errors.ts';
import type { MessageRef } from '../../core/provider.ts';
import type { SenderHistory } from '../../engine/detector.ts';
import { decide, type Decision } from '../../policy/decide.ts';
import { dlpScanInputs } from '../../policy/dlp-compile.ts';
import { effectivePolicy } from '../../policy/resolve.ts';
import { factsFromModel, scanOverrides } from '../../policy/scan-inputs.ts';
import { tenantRuleExclusions } from '../rule-packs.ts';
import { currentPolicy } from '../../policy/store-port.ts';
import type { Policy } from '../../policy/types.ts';
import { withProviderSlot, type PipelineContext } from '../context.ts';
import { releaseAfterVerdict } from '../hold-scan.ts';
import { ids, type RemediateJob, type ScanJob } from '../jobs.ts';
import type { Job } from '../queue/types.ts';
import { summariesRepo } from '../../store/summaries-repo.ts';
import { openDlpIncident, storableSubject } from '../dlp-incident-open.ts';

/**
 * Fetch (size-capped) → scan → record the verdict once → decide → enqueue remediation. A message that already
 * has a verdict is never fetched or scanned again (replays, duplicate notifications, a taken-over job).
 */
export function scanHandler(ctx: PipelineContext) {
  return async (job: Job<ScanJob>): Promise<void> => {
    const d = job.data;
    const existing = await ctx.store.messages.verdict(d.messageKey);
    if (existing) {
      await enqueueAction(ctx, d, existing.decision);
      return;
    }
    const mailbox = await ctx.directory.mailbox(d.tenantId, d.mailboxId);
    if (!mailbox || !mailbox.enabled) {
      await ctx.store.messages.markError(d.messageKey, 'skipped', 'mailbox no longer protected');
      return;
    }
    const ref: MessageRef = { mailbox, messageId: d.messageId, direction: d.direction };
    const provider = await ctx.providers.get(d.tenantId);
    const fetchStarted = performance.now();
    let raw: Uint8Array;
    try {
      raw = await withProviderSlot(ctx, mailbox, () => provider.fetchRaw(ref, { maxBytes: ctx.config.SCAN_MAX_BYTES }));
    } catch (err) {
      if (isAppError(err)) ctx.metrics.providerErrors.inc({ provider: d.provider, code: err.code });
      if (isAppError(err) && err.code === 'not_found') return ctx.store.messages.markError(d.messageKey, 'gone', 'deleted before it could be scanned');
      if (isAppError(err) && err.code === 'limit_exceeded') return ctx.store.messages.markError(d.messageKey, 'skipped', `larger than SCAN_MAX_BYTES (${ctx.config.SCAN_MAX_BYTES})`);
      await ctx.store.messages.markError(d.messageKey, 'error', `fetch: ${isAppError(err) ? err.code : 'unexpected'}`);
      throw err;
    }
    ctx.metrics.stageSeconds.observe({ stage: 'fetch' }, (performance.now() - fetchStarted) / 1000);

    const tenant = await ctx.directory.tenant(d.tenantId);
    if (!tenant) throw new AppError('not_found', 'tenant removed', { retryable: false });
    // Read fresh, not from the directory cache: switching to enforce acts on the next message. The mailbox's group
    // (if any) overrides the tenant policy; its rule weights and disabled rules feed scoring.
    const policy = effectivePolicy((await currentPolicy(ctx.store, d.tenantId)) ?? tenant.policy, { address: mailbox.address, groupIds: mailbox.groups });
    // The policy's DLP section: the tenant's own patterns and word lists, and the built-ins it switched off.
    const dlp = dlpScanInputs(policy.dlp);
    const overrides = scanOverrides(policy);
    overrides.disabled.push(...dlp.disabled);
    // The rule packs the tenant chose (none named = every loaded pack): the other packs' rules stay silent.
    overrides.disabled.push(...tenantRuleExclusions(ctx.engine, ctx.config.RULE_PACKS, policy.rulePacks));
    let result;
    try {
      result = await ctx.engine.scan({
        raw,
        externalId: d.messageId,
        direction: d.direction,
        org: orgProfile(tenant.settings, mailbox.address, policy),
        overrides,
        senderHistory: tenantSenderHistory(ctx, d.tenantId),
        dlp: dlp.rules,
      });
    } catch (err) {
      // The engine promises not to throw on hostile input; when it does anyway it is our bug or a transient
      // fault: keep the message, record why, and retry.
      await ctx.store.messages.markError(d.messageKey, 'error', `scan: ${err instanceof Error ? err.message : String(err)}`);
      throw new AppError('internal', 'scan failed', { cause: err, retryable: true });
    }
    ctx.metrics.scanSeconds.observe(result.ms / 1000);
    ctx.metrics.stageSeconds.observe({ stage: 'scan' }, result.ms / 1000);

    const decision = decide(result.verdict, policy, factsFromModel(result.model));
    await summariesRepo(ctx.store.db).record(d.messageKey, d.tenantId, { sender: result.model.sender, subject: { ...result.model.subject, subject: storableSubject(result.verdict, result.model.subject?.subject ?? '') } });
    // Outbound DLP findings → incident and its actions; before the verdict, so a crash in between replays it.
    await openDlpIncident(ctx, d, mailbox, result, policy);
    const first = await ctx.store.messages.recordVerdict(d.messageKey, d.tenantId, result.verdict, decision, result.ms);
    if (!first) return; // another worker recorded it first; it also enqueued the action
    ctx.metrics.verdicts.inc({ verdict: result.verdict.verdict });
    const sender = result.model.sender?.email?.email;
    if (sender && d.direction === 'inbound') await ctx.store.senders.record(d.tenantId, sender, result.verdict.verdict !== 'clean');
    if (decision.planned !== 'none' && decision.action === 'none') {
      await ctx.store.actions.record({ id: ids.remediate(d.messageKey, decision.planned), tenantId: d.tenantId, messageKey: d.messageKey, action: decision.planned, status: 'monitor', detail: decision.reason });
      await ctx.store.actions.audit({ tenantId: d.tenantId, actor: 'policy', action: `would-${decision.planned}`, target: d.messageKey, reason: decision.reason });
    }
    await enqueueAction(ctx, d, decision);
  };
}

/** This tenant's history of a sender, from earlier verdicts (recorded after each scan, so "before this one"). */
function tenantSenderHistory(ctx: PipelineContext, tenantId: string): SenderHistory {
  return {
    async lookup(email) {
      const s = await ctx.store.senders.lookup(tenantId, email);
      return s ? { messages: s.messages, domainMessages: s.domainMessages, repliesTo: 0, firstSeen: s.firstSeen, flagged: s.flagged } : null;
    },
  };
}

/**
 * The tenant's own domains (policy.orgDomains, else settings.orgDomains, else the protected mailbox's domain) for
 * internal/external checks, and its VIPs (policy first, then settings).
 */
function orgProfile(settings: Record<string, unknown>, address: string, policy: Policy): { domains: string[]; vips: { name: string; email: string }[] } {
  const fromSettings = Array.isArray(settings.orgDomains) ? settings.orgDomains.filter((x): x is string => typeof x === 'string') : [];
  const configured = policy.orgDomains.length > 0 ? policy.orgDomains : fromSettings;
  const domains = configured.length > 0 ? configured : [address.slice(address.lastIndexOf('@') + 1)];
  const vips = policy.vips.length > 0 ? policy.vips : Array.isArray(settings.vips) ? (settings.vips as { name: string; email: string }[]) : [];
  return { domains: domains.map((x) => x.toLowerCase()), vips };
}

async function enqueueAction(ctx: PipelineContext, d: ScanJob, decision: Decision): Promise<void> {
  await releaseAfterVerdict(ctx, d, decision);
  if (decision.action === 'none') return;
  const job: RemediateJob = {
    provider: d.provider,
    tenantId: d.tenantId,
    mailboxId: d.mailboxId,
    messageId: d.messageId,
    messageKey: d.messageKey,
    action: decision.action,
    actor: 'policy',
    reason: decision.reason,
    receivedAt: d.receivedAt,
  };
  if (decision.tag) job.tag = decision.tag;
  await ctx.queues.remediate.add(job, ids.remediate(d.messageKey, decision.action));
}
