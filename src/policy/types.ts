import type { RemediationAction } from '../core/provider.ts';
import type { ThreatCategory, VerdictKind } from '../core/verdict.ts';
import type { DlpPolicy } from './dlp-types.ts';

/** monitor = record what would be done and touch nothing; enforce = act. */
export type PolicyMode = 'monitor' | 'enforce';

/** What policy may ask a connector to do to a newly scanned message. */
export type PolicyAction = Extract<RemediationAction, 'quarantine' | 'junk' | 'trash' | 'purge' | 'tag'> | 'none';

/** Actions from the mildest to the most severe; "at least X" means X or anything after it. */
export const ACTION_SEVERITY: readonly PolicyAction[] = ['none', 'tag', 'junk', 'quarantine', 'trash', 'purge'];

/** Sender addresses and domains (a domain entry also covers its subdomains). */
export interface SenderList {
  addresses: string[];
  domains: string[];
}

/** A person attackers impersonate (display-name and look-alike checks). */
export interface Vip {
  name: string;
  email: string;
}

/**
 * What a group of mailboxes changes over the tenant policy. Maps merge key by key; lists (allow, block,
 * disabled rules) add to the tenant's.
 */
export interface PolicyOverrides {
  mode?: PolicyMode;
  actions?: Partial<Record<VerdictKind, PolicyAction>>;
  minScore?: number;
  tag?: string;
  thresholds?: Partial<Record<Exclude<PolicyAction, 'none'>, number>>;
  categoryMinimum?: Partial<Record<ThreatCategory, PolicyAction>>;
  allow?: Partial<SenderList>;
  block?: Partial<SenderList>;
  blockAction?: PolicyAction;
  ruleWeights?: Record<string, number>;
  disabledRules?: string[];
  hold?: boolean;
}

/** A group of mailboxes (provider group id or mailbox addresses) with its own overrides. First match wins. */
export interface PolicyGroup {
  id: string;
  name?: string;
  /** Mailbox addresses (lower case) or provider group ids the mailbox belongs to. */
  members: string[];
  overrides: PolicyOverrides;
}

/** A tenant's full policy. Every key has a default (see defaults.ts); stored policies may omit newer keys. */
export interface Policy {
  mode: PolicyMode;
  /** The action per verdict kind. */
  actions: Record<VerdictKind, PolicyAction>;
  /** Verdicts scoring below this take no verdict-table action (category minimums and blocks still apply). */
  minScore: number;
  /** Label / category name used by the `tag` action. */
  tag: string;
  /** Score at or above which at least this action is taken, whatever the verdict kind. */
  thresholds: Partial<Record<Exclude<PolicyAction, 'none'>, number>>;
  /** At least this action whenever the category scored at all (e.g. malware → quarantine whatever the score). */
  categoryMinimum: Partial<Record<ThreatCategory, PolicyAction>>;
  /** Senders whose mail is not acted on — only when the message authenticated (DMARC, or aligned SPF/DKIM). */
  allow: SenderList;
  /** Senders whose mail always gets at least `blockAction`. */
  block: SenderList;
  blockAction: PolicyAction;
  /** The organisation's own domains (internal vs external, impersonation). */
  orgDomains: string[];
  vips: Vip[];
  /** Per-rule weight overrides (rule id → weight). */
  ruleWeights: Record<string, number>;
  /** Rule ids switched off for this tenant. */
  disabledRules: string[];
  /**
   * Inline hold (enforce mode only): a provider-side rule keeps new mail out of the inbox until it is scanned;
   * fail-open after HOLD_MAX_WAIT_SECONDS. Off = post-delivery protection.
   */
  hold: boolean;
  /** Rule packs in use (ids); empty = the engine's default packs. */
  rulePacks: string[];
  groups: PolicyGroup[];
  /** Outbound DLP: built-in detectors on/off, tenant patterns and word lists, the action per rule. */
  dlp: DlpPolicy;
}

/** What decide() knows of the message beyond its verdict: who sent it and whether that was authenticated. */
export interface MessageFacts {
  senderEmail?: string | null;
  /** The sender's domain authenticated (DMARC pass, or SPF/DKIM pass when DMARC was not stamped). */
  authenticated?: boolean;
}

export interface Decision {
  verdict: VerdictKind;
  /** What the policy asks for. */
  planned: PolicyAction;
  /** What will be done: `planned` in enforce mode, `none` in monitor mode. */
  action: PolicyAction;
  mode: PolicyMode;
  reason: string;
  /** Set when the action is `tag`. */
  tag?: string;
}
