/**
 * Row types of every table, shared by SQLite and PostgreSQL. Times are ISO-8601 UTC strings (they sort as
 * text on both databases), booleans are 0/1 integers, JSON is text: one representation for both dialects.
 */
export interface TenantsTable {
  id: string;
  name: string;
  provider: string;
  /** Provider settings incl. credentials, sealed with the vault keyring. */
  settings_enc: string;
  endpoints: string | null;
  policy: string | null;
  created_at: string;
}

export interface MailboxesTable {
  tenant_id: string;
  mailbox_id: string;
  provider: string;
  address: string;
  display_name: string | null;
  enabled: number;
  created_at: string;
  /** Inline hold (0005): installed | removed | failed, null = never touched. See hold-repo.ts. */
  hold_state: string | null;
  hold_detail: string | null;
  hold_checked_at: string | null;
  /** Provider group ids / OU paths, JSON array (0008); null = unknown. */
  group_ids: string | null;
}

export interface SubscriptionsTable {
  provider: string;
  subscription_id: string;
  tenant_id: string;
  mailbox_id: string;
  expires_at: string;
  secret_enc: string | null;
  updated_at: string;
}

export interface CursorsTable {
  tenant_id: string;
  mailbox_id: string;
  cursor: string | null;
  last_sync_at: string | null;
}

export interface MessagesTable {
  key: string;
  tenant_id: string;
  mailbox_id: string;
  message_id: string;
  direction: string;
  /** queued | scanned | error | gone | skipped */
  status: string;
  attempts: number;
  last_error: string | null;
  first_seen_at: string;
  updated_at: string;
}

export interface VerdictsTable {
  message_key: string;
  tenant_id: string;
  verdict: string;
  score: number;
  categories: string;
  findings: string;
  failures: string;
  decision: string;
  scan_ms: number;
  scanned_at: string;
}

export interface ActionsTable {
  id: string;
  tenant_id: string;
  message_key: string;
  action: string;
  /** done | noop | monitor | failed */
  status: string;
  detail: string | null;
  created_at: string;
}

export interface AuditTable {
  id: string;
  tenant_id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string;
  detail: string | null;
}

export interface SenderHistoryTable {
  tenant_id: string;
  sender: string;
  domain: string;
  messages: number;
  flagged: number;
  first_seen: string;
  last_seen: string;
}

export interface DeadLettersTable {
  job_id: string;
  queue: string;
  payload: string;
  error_code: string;
  error: string;
  attempts: number;
  failed_at: string;
  replayed_at: string | null;
}

export interface VaultTable {
  message_key: string;
  tenant_id: string;
  mailbox_id: string;
  message_id: string;
  /** AES-256-GCM envelope of the raw message; null once retention purged it. */
  sealed: Buffer | null;
  size: number;
  sha256: string;
  stored_at: string;
  expires_at: string;
  purged_at: string | null;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface Database {
  tenants: TenantsTable;
  mailboxes: MailboxesTable;
  subscriptions: SubscriptionsTable;
  cursors: CursorsTable;
  messages: MessagesTable;
  verdicts: VerdictsTable;
  actions: ActionsTable;
  audit_log: AuditTable;
  sender_history: SenderHistoryTable;
  dead_letters: DeadLettersTable;
  vault: VaultTable;
  leases: LeasesTable;
}
