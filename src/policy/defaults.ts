import { DEFAULT_DLP_POLICY } from './dlp-types.ts';
import type { Policy, PolicyOverrides } from './types.ts';

/**
 * The policy a new tenant starts with: monitor mode (record what would be done, touch nothing), the
 * per-verdict action table that enforce mode applies, and malware quarantined whatever its score.
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
  thresholds: {},
  categoryMinimum: { malware: 'quarantine' },
  allow: { addresses: [], domains: [] },
  block: { addresses: [], domains: [] },
  blockAction: 'quarantine',
  orgDomains: [],
  vips: [],
  ruleWeights: {},
  disabledRules: [],
  hold: false,
  rulePacks: [],
  groups: [],
  dlp: DEFAULT_DLP_POLICY,
};

/** A tenant's stored policy over the defaults (stored policies may predate newer keys). */
export function withDefaults(partial: (Partial<Policy> & PolicyOverrides) | null | undefined): Policy {
  const p = partial ?? {};
  return {
    ...DEFAULT_POLICY,
    ...p,
    actions: { ...DEFAULT_POLICY.actions, ...p.actions },
    thresholds: { ...p.thresholds },
    categoryMinimum: { ...DEFAULT_POLICY.categoryMinimum, ...p.categoryMinimum },
    allow: { addresses: p.allow?.addresses ?? [], domains: p.allow?.domains ?? [] },
    block: { addresses: p.block?.addresses ?? [], domains: p.block?.domains ?? [] },
    dlp: { ...DEFAULT_DLP_POLICY, ...p.dlp },
  } as Policy;
}
