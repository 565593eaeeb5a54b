import type { Policy } from './decide.ts';

/**
 * The policy a new tenant starts with: monitor mode (record what would be done, touch nothing), with the
 * per-verdict action table that enforce mode applies.
 */
export const DEFAULT_POLICY: Policy = {
  mode: 'monitor',
  actions: {
    malware: 'quarantine',
    phishing: 'quarantine',
    bec: 'quarantine',
    spam: 'junk',
    suspicious: 'tag',
    clean: 'none',
  },
  minScore: 0,
  tag: 'MailWarden: suspicious',
};

/** A tenant's stored policy over the defaults (stored policies may predate newer keys). */
export function withDefaults(partial: Partial<Policy> | null | undefined): Policy {
  return {
    ...DEFAULT_POLICY,
    ...partial,
    actions: { ...DEFAULT_POLICY.actions, ...partial?.actions },
  };
}
