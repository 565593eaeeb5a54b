/**
 * Everything one message's evaluation shares across all rules: resolved `$lists`, sender profiles fetched
 * before evaluation, the compiler's memo of pure sub-expressions (`slots`: identical sub-expressions share a
 * slot, so two rules that call `strings.replace_confusables(body.current_thread.text)` compute it once), a
 * memo functions may key themselves (`memo`), and lower-cased copies of large strings so case-insensitive
 * functions do not lower-case the same body hundreds of times.
 */
import type { MessageModel } from '../../core/message.ts';
import type { Slots } from './memo-slots.ts';
import type { Value } from './values.ts';

/** A profile in Sublime's shape; every field null when no sender history is configured. */
export interface ProfileView {
  prevalence: 'new' | 'outlier' | 'rare' | 'common' | null;
  solicited: boolean | null;
  any_messages_benign: boolean | null;
  any_messages_malicious_or_spam: boolean | null;
  any_false_positives: boolean | null;
  auth_failed: boolean | null;
  days_known: number | null;
  days_since: { first_contact: number | null; last_contact: number | null; last_inbound: number | null; last_outbound: number | null };
}

export interface EvalEnv {
  msg: MessageModel;
  /** Lambda items, innermost last. */
  stack: Value[];
  lists: (name: string) => Value;
  profiles: { sender: ProfileView; senderDomain: ProfileView; replyTo: ProfileView };
  /** For functions that cache per message under their own keys (the local NLU, by text). */
  memo: Map<string, Value>;
  /** The compiler's memo of pure sub-expressions by slot (see memo-slots.ts); created on first use. */
  slots?: Slots;
  lower(s: string): string;
}

/**
 * Lower-casing for case-insensitive comparison. Long strings are cached per message. `ſ` (long s) also
 * folds to `s`, as it does under Unicode case folding (RE2's `(?i)`, JS's `/i`); the Kelvin sign already
 * lower-cases to `k`. That keeps literal pre-checks on lower-cased text exact.
 */
export const lowerFold = (s: string): string => {
  const l = s.toLowerCase();
  return l.includes('\u017f') ? l.replace(/\u017f/g, 's') : l;
};

/** Short strings (rule needles, names, domains) recur across messages: one bounded cache for all of them. */
const shortCache = new Map<string, string>();

function lowerShort(s: string): string {
  let l = shortCache.get(s);
  if (l === undefined) {
    l = lowerFold(s);
    if (shortCache.size >= 50_000) shortCache.clear();
    shortCache.set(s, l);
  }
  return l;
}

export function makeLowerCache(): (s: string) => string {
  const cache = new Map<string, string>();
  const lower = lowerFold;
  return (s) => {
    if (s.length < 64) return lowerShort(s);
    let l = cache.get(s);
    if (l === undefined) {
      l = lower(s);
      cache.set(s, l);
    }
    return l;
  };
}
