import { effectivePolicy, type MailboxScope } from '../policy/resolve.ts';
import type { Policy } from '../policy/types.ts';
import type { HoldState } from '../store/hold-repo.ts';

/**
 * The protection in force for one mailbox, as the admin API and the dashboard show it:
 * - `hold`: new mail waits out of the inbox until scanned (rule / filter installed);
 * - `post-delivery`: enforce mode, mail is scanned and acted on after it reached the inbox;
 * - `monitor`: decisions are recorded, nothing is moved;
 * - `broken`: protection is not working as configured (no live push channel, or the hold could not be installed);
 * - `off`: the mailbox is not protected (disabled).
 */
export type ProtectionMode = 'hold' | 'post-delivery' | 'monitor' | 'broken' | 'off';

/** Whether the policy that applies to this mailbox (its address and provider groups) asks for the inline hold: enforce mode and `hold` on. */
export function wantsHold(policy: Policy, scope: MailboxScope): boolean {
  const p = effectivePolicy(policy, scope);
  return p.mode === 'enforce' && p.hold;
}

export interface ProtectionInput {
  enabled: boolean;
  address: string;
  /** The provider groups the mailbox belongs to (per-group policy). */
  groupIds?: readonly string[];
  policy: Policy;
  holdState: HoldState | null;
  holdDetail: string | null;
  /** The push channel's expiry; null when there is none. */
  subscriptionExpiresAt: Date | null;
  /** False for providers without push channels (the memory provider is told of mail directly). */
  needsSubscription?: boolean;
  now?: Date;
}

/** Pure: the mode and, when it is not what the policy asks for, why. */
export function protectionMode(i: ProtectionInput): { mode: ProtectionMode; detail: string | null } {
  if (!i.enabled) return { mode: 'off', detail: 'mailbox disabled' };
  const now = i.now ?? new Date();
  // Held mail is still found without a channel: the hold sweep queues its scans (see hold-channel.ts).
  const found = i.holdState === 'installed' ? 'held mail is found by the hold sweep, other mail only by catch-up' : 'new mail is only found by catch-up';
  if (!i.subscriptionExpiresAt && i.needsSubscription !== false) return { mode: 'broken', detail: `no push subscription: ${found}` };
  if (i.subscriptionExpiresAt && i.subscriptionExpiresAt <= now) return { mode: 'broken', detail: `push subscription expired ${i.subscriptionExpiresAt.toISOString()}: ${found}` };
  const scope = { address: i.address, groupIds: i.groupIds ?? [] };
  const wanted = wantsHold(i.policy, scope);
  if (i.holdState === 'failed') return { mode: 'broken', detail: `hold ${wanted ? 'install' : 'removal'} failed: ${i.holdDetail ?? 'unknown error'}` };
  if (i.holdState === 'installed') return { mode: 'hold', detail: wanted ? null : 'hold still installed: the scheduler removes it on its next sweep' };
  const mode = effectivePolicy(i.policy, scope).mode === 'enforce' ? 'post-delivery' : 'monitor';
  return { mode, detail: wanted ? 'hold requested: the scheduler installs it on its next sweep' : null };
}
