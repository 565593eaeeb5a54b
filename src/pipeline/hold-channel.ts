import { needsPushChannel, type ProviderId } from '../core/provider.ts';

/**
 * What the hold sweep does with a holding mailbox's held mail, by whether anything will announce that mail:
 * - `fail-open`: a live push channel (or none needed) announces new mail, so the workers scan it; the sweep only
 *   releases what waited past half the bound.
 * - `scan-held`: the provider needs a push channel and this mailbox has none alive (creation failed, renewal
 *   lapsed). Nobody will be told of the held mail, so without the sweep every message would sit out the bound
 *   and go to the inbox unscanned. The sweep queues a scan for each held message it has not seen yet (and still
 *   releases the overdue ones), so the hold keeps working, one sweep interval late, until the channel is back.
 */
export type HeldMailPlan = 'fail-open' | 'scan-held';

export function heldMailPlan(provider: ProviderId, channelExpiresAt: Date | null, now: number): HeldMailPlan {
  if (!needsPushChannel(provider)) return 'fail-open';
  return channelExpiresAt && channelExpiresAt.getTime() > now ? 'fail-open' : 'scan-held';
}
