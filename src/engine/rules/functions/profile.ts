/**
 * `profile.by_sender*()` and `beta.profile.by_reply_to()`: what our own store knows of the sender. The profiles
 * are fetched once per message before any rule runs (the lookup may be async) and read here.
 */
import type { SenderProfile } from '../../detector.ts';
import type { ProfileView } from '../eval-env.ts';
import type { FnTable } from './types.ts';

const DAY_MS = 86_400_000;

/** Every field null: the history is not configured, so nothing is known either way. */
export const UNKNOWN_PROFILE: ProfileView = {
  prevalence: null,
  solicited: null,
  any_messages_benign: null,
  any_messages_malicious_or_spam: null,
  any_false_positives: null,
  auth_failed: null,
  days_known: null,
  days_since: { first_contact: null, last_contact: null, last_inbound: null, last_outbound: null },
};

function prevalence(n: number): ProfileView['prevalence'] {
  if (n <= 0) return 'new';
  if (n <= 2) return 'outlier';
  if (n <= 9) return 'rare';
  return 'common';
}

/** Maps our store's counters to Sublime's profile fields; `null` profile from a configured store = new sender. */
export function toProfileView(p: SenderProfile | null, now: Date, byDomain = false): ProfileView {
  const seen = p ? (byDomain ? p.domainMessages : p.messages) : 0;
  const daysKnown = p?.firstSeen ? Math.floor((now.getTime() - p.firstSeen.getTime()) / DAY_MS) : null;
  return {
    prevalence: prevalence(seen),
    solicited: (p?.repliesTo ?? 0) > 0,
    any_messages_benign: seen - (p?.flagged ?? 0) > 0,
    any_messages_malicious_or_spam: (p?.flagged ?? 0) > 0,
    any_false_positives: null,
    auth_failed: null,
    days_known: daysKnown,
    days_since: { first_contact: daysKnown, last_contact: null, last_inbound: null, last_outbound: null },
  };
}

export const PROFILE_FUNCTIONS: FnTable = {
  'profile.by_sender': { minArgs: 0, maxArgs: 0, impure: true, call: (_a, env) => env.profiles.sender },
  'profile.by_sender_email': { minArgs: 0, maxArgs: 0, impure: true, call: (_a, env) => env.profiles.sender },
  'profile.by_sender_domain': { minArgs: 0, maxArgs: 0, impure: true, call: (_a, env) => env.profiles.senderDomain },
  'beta.profile.by_reply_to': { minArgs: 0, maxArgs: 0, impure: true, call: (_a, env) => env.profiles.replyTo },
};
