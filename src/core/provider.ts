/**
 * The contract every mailbox provider (Microsoft 365, Google Workspace, the in-memory test provider) fulfils.
 * Connectors implement it with the provider's SDK and classify the provider's errors into `AppError` codes at
 * this boundary. The pipeline composes providers; it never sees an SDK type.
 */

export type ProviderId = 'm365' | 'google' | 'memory';

/**
 * Whether the provider tells us of new mail only through a push channel that can lapse (Graph subscription,
 * Gmail watch). The in-memory provider is told of mail directly and has none.
 */
export function needsPushChannel(provider: ProviderId): boolean {
  return provider !== 'memory';
}

/** A protected mailbox as the provider knows it. */
export interface MailboxRef {
  tenantId: string;
  provider: ProviderId;
  /** The provider's stable id for the user (Graph user id, Gmail address). */
  mailboxId: string;
  address: string;
}

/** Which side of the mailbox a message was seen on. */
export type Direction = 'inbound' | 'outbound';

export interface MessageRef {
  mailbox: MailboxRef;
  /** The provider's immutable message id. */
  messageId: string;
  direction: Direction;
}

export interface MailboxInfo {
  mailboxId: string;
  address: string;
  displayName: string | null;
  /** False when the provider says the mailbox cannot be used (no licence, suspended, no REST access). */
  enabled: boolean;
  /** Groups the mailbox belongs to, for per-group policy. */
  groups?: string[];
}

/** A push channel (Graph subscription, Gmail watch) for one mailbox. */
export interface SubscriptionState {
  /** The provider's id for the subscription or watch. */
  id: string;
  expiresAt: Date;
  /** Per-subscription shared secret the provider echoes back (Graph clientState). Stored encrypted. */
  secret: string | null;
  /** Where to start reading changes (Gmail historyId, Graph delta link). */
  cursor: string | null;
}

/** Why the pipeline asks for changes. */
export type ChangeTrigger =
  | { kind: 'notification'; messageIds?: string[]; hint?: string }
  | { kind: 'catchup'; reason: string };

export interface ChangeBatch {
  messages: { messageId: string; direction: Direction }[];
  /** The cursor to store once every message above is enqueued; null keeps the old one. */
  nextCursor: string | null;
  /** True when the cursor was too old and a bounded full sync was done instead. */
  fullSync?: boolean;
  /** Change entries given up on after repeated failures (poison entries), for the pipeline to record. */
  skipped?: SkippedChange[];
}

/** A change entry the connector gave up on; `messageId` when the entry named a message. */
export interface SkippedChange {
  ref: string;
  reason: string;
  messageId?: string;
}

export type RemediationAction =
  | 'quarantine' // move to the hidden quarantine folder / label, out of the inbox
  | 'junk' // move to Junk / Spam
  | 'trash' // move to Deleted Items / Trash (soft delete)
  | 'purge' // permanent delete; the vault keeps a copy
  | 'tag' // add a category / label, leave in place
  | 'release' // back to the inbox from quarantine, junk, trash or hold
  | 'hold_release'; // inline hold: move from the holding folder to the inbox

export interface RemediationResult {
  /** False when the message was already in the wanted state: replays succeed without effect. */
  changed: boolean;
  /** The message id after the action, when the provider changed it. */
  messageId?: string;
}

/** A message the inline hold keeps out of the inbox, waiting for its verdict. */
export interface HeldMessage {
  messageId: string;
  /** When the provider received it: the fail-open bound counts from here. */
  receivedAt: Date;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/**
 * One provider-side DLP rule, compiled from the tenant policy (src/policy). `name` is the stable key connectors
 * use to recognise the rule they made. Every pattern group must match (AND); the policy compiles one group per rule.
 */
export interface DlpRuleSpec {
  name: string;
  /** Shown to the provider's admins beside the rule. */
  description?: string;
  /**
   * What the provider should act on: regular expressions, words, or built-in kinds by MailWarden rule id
   * (`DLP_PAYMENT_CARD`, …) which each connector maps to its provider's own detector, else to `fallback` regexes.
   */
  patterns: { kind: 'regex' | 'words' | 'builtin'; values: string[]; minCount?: number; fallback?: string[] }[];
  action: 'block' | 'notify' | 'audit';
}

export interface DlpPlanItem {
  op: 'create' | 'update' | 'delete' | 'keep';
  name: string;
  detail: string;
}

export interface MailboxProvider {
  readonly id: ProviderId;
  /** Every mailbox of the tenant, paged through completely. */
  listMailboxes(): Promise<MailboxInfo[]>;
  /** Create, renew or recreate the push channel for a mailbox; idempotent. */
  ensureSubscription(mailbox: MailboxRef, existing: SubscriptionState | null, notificationUrl: string): Promise<SubscriptionState>;
  /** Stop pushes for a mailbox; "already gone" is success. */
  removeSubscription(mailbox: MailboxRef, existing: SubscriptionState): Promise<void>;
  /** Resolve a trigger into the messages to scan, reading from `cursor` where the provider has one. */
  listChanges(mailbox: MailboxRef, trigger: ChangeTrigger, cursor: string | null): Promise<ChangeBatch>;
  /** Raw RFC 5322 bytes; throws `limit_exceeded` past maxBytes. */
  fetchRaw(ref: MessageRef, options: { maxBytes: number }): Promise<Uint8Array>;
  /** Idempotent: an action already done reports `changed: false`. */
  remediate(ref: MessageRef, action: RemediationAction, options?: { tag?: string }): Promise<RemediationResult>;
  /** Put a message back into the mailbox from raw bytes (release after a purge). Returns the new message id. */
  restoreRaw(mailbox: MailboxRef, raw: Uint8Array): Promise<string>;
  /** Install (enabled) or remove (disabled) the provider-side rule that holds new mail out of the inbox. */
  installHold(mailbox: MailboxRef, enabled: boolean): Promise<void>;
  /**
   * Messages still held (hold folder / label) that the provider received before `olderThan`, oldest first, at
   * most `limit`: what the scheduler releases unscanned when the fail-open bound is near.
   */
  listHeld(mailbox: MailboxRef, olderThan: Date, limit: number): Promise<HeldMessage[]>;
  /** Compare or apply provider-side DLP rules; apply=false only plans. */
  syncDlpRules(rules: DlpRuleSpec[], apply: boolean): Promise<DlpPlanItem[]>;
  sendMail(mail: OutgoingMail): Promise<void>;
}
