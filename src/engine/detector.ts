import type { MessageModel } from '../core/message.ts';
import type { Finding, RuleInfo } from '../core/verdict.ts';
import type { TenantDlpRules } from './dlp/tenant-rules.ts';
import type { Limits } from './limits.ts';

/** A tenant's view of itself, for impersonation and internal/external decisions. */
export interface OrgProfile {
  domains: string[];
  /** People whose names attackers borrow. */
  vips: { name: string; email: string }[];
}

/** Named lists (`$free_email_providers`, `$url_shorteners`, ...), shipped or configured per tenant. */
export interface ListSource {
  get(name: string): ReadonlySet<string>;
  has(name: string): boolean;
}

/** What we know of a sender from earlier mail to this tenant (computed from our own store). */
export interface SenderProfile {
  /** Messages seen from this sender address before this one. */
  messages: number;
  /** Messages from the whole sender domain before this one. */
  domainMessages: number;
  /** Times someone in the tenant wrote to this sender. */
  repliesTo: number;
  firstSeen: Date | null;
  /** Earlier messages from this sender that were flagged. */
  flagged: number;
}

export interface SenderHistory {
  lookup(email: string): Promise<SenderProfile | null> | SenderProfile | null;
}

/** A resolver for DNS TXT lookups, injected so that tests never touch the network. */
export type TxtResolver = (name: string) => Promise<string[][]>;

export interface DetectorContext {
  org: OrgProfile;
  lists: ListSource;
  limits: Limits;
  now: Date;
  /** DKIM re-verification uses this when set; off (undefined) by default. */
  dns?: TxtResolver;
  senderHistory?: SenderHistory;
  /** The tenant's own DLP patterns and word lists (from its policy), for this message's scan. */
  dlp?: TenantDlpRules;
  /** Aborted when the detector's budget runs out. */
  signal: AbortSignal;
}

/**
 * A detector looks at a message and reports findings; it never acts. Its rule table gives each rule a default
 * weight and category; scoring multiplies weight by the finding's confidence.
 */
export interface Detector {
  id: string;
  rules: Record<string, RuleInfo>;
  /** Budget per message; past it the detector's result is dropped and the timeout recorded. */
  timeoutMs: number;
  detect(msg: MessageModel, ctx: DetectorContext): Promise<Finding[]> | Finding[];
}
