import { openDatabase, type DbOptions } from './connect.ts';
import type { Keyring } from './crypto.ts';
import { actionsRepo } from './actions-repo.ts';
import { cursorsRepo } from './cursors-repo.ts';
import { deadLettersRepo } from './dead-letters-repo.ts';
import { leasesRepo } from './leases-repo.ts';
import { mailboxesRepo } from './mailboxes-repo.ts';
import { messagesRepo } from './messages-repo.ts';
import { senderHistoryRepo } from './sender-history-repo.ts';
import { subscriptionsRepo } from './subscriptions-repo.ts';
import { tenantsRepo } from './tenants-repo.ts';
import { quarantineVault } from './vault.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** Every repository over one database connection. Open with `openStore`; close once at shutdown. */
export interface Store {
  dialect: 'sqlite' | 'postgres';
  /** The query builder, for repositories added elsewhere (admin, dashboard) and for tests. */
  db: Kysely<Database>;
  tenants: ReturnType<typeof tenantsRepo>;
  mailboxes: ReturnType<typeof mailboxesRepo>;
  subscriptions: ReturnType<typeof subscriptionsRepo>;
  cursors: ReturnType<typeof cursorsRepo>;
  messages: ReturnType<typeof messagesRepo>;
  actions: ReturnType<typeof actionsRepo>;
  senders: ReturnType<typeof senderHistoryRepo>;
  deadLetters: ReturnType<typeof deadLettersRepo>;
  vault: ReturnType<typeof quarantineVault>;
  leases: ReturnType<typeof leasesRepo>;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions extends DbOptions {
  keyring: Keyring;
  retentionDays?: number;
}

/** Opens the database (SQLite file or PostgreSQL), runs migrations, and wires the repositories. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const { db, dialect, close } = await openDatabase(options);
  return {
    dialect,
    db,
    tenants: tenantsRepo(db, options.keyring),
    mailboxes: mailboxesRepo(db),
    subscriptions: subscriptionsRepo(db, options.keyring),
    cursors: cursorsRepo(db),
    messages: messagesRepo(db),
    actions: actionsRepo(db),
    senders: senderHistoryRepo(db),
    deadLetters: deadLettersRepo(db),
    vault: quarantineVault(db, options.keyring, options.retentionDays ?? 30),
    leases: leasesRepo(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close,
  };
}
