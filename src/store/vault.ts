import type { Kysely } from 'kysely';
import { sha256Hex } from '../core/ids.ts';
import { openBytes, sealBytes, type Keyring } from './crypto.ts';
import type { Database } from './tables.ts';

export interface VaultEntryRef {
  messageKey: string;
  tenantId: string;
  mailboxId: string;
  messageId: string;
}

const context = (tenantId: string, messageKey: string) => `vault:${tenantId}:${messageKey}`;

/**
 * The quarantine vault: an AES-256-GCM sealed raw copy of every message before anything destructive is done
 * to it, kept for the retention period, so release works even after the provider copy was purged.
 */
export function quarantineVault(db: Kysely<Database>, ring: Keyring, retentionDays: number) {
  return {
    /** Keeps a sealed copy; a second call for the same message keeps the first (the bytes do not change). */
    async keep(ref: VaultEntryRef, raw: Uint8Array): Promise<void> {
      const now = new Date();
      const sealed = sealBytes(ring, raw, context(ref.tenantId, ref.messageKey));
      await db
        .insertInto('vault')
        .values({
          message_key: ref.messageKey,
          tenant_id: ref.tenantId,
          mailbox_id: ref.mailboxId,
          message_id: ref.messageId,
          sealed,
          size: raw.byteLength,
          sha256: sha256Hex(raw),
          stored_at: now.toISOString(),
          expires_at: new Date(now.getTime() + retentionDays * 86_400_000).toISOString(),
          purged_at: null,
        })
        .onConflict((oc) => oc.column('message_key').doNothing())
        .execute();
    },
    async has(messageKey: string): Promise<boolean> {
      const r = await db.selectFrom('vault').select('message_key').where('message_key', '=', messageKey).where('sealed', 'is not', null).executeTakeFirst();
      return r !== undefined;
    },
    /** The raw bytes, or null when never kept or already past retention. Verifies integrity against sha256. */
    async open(messageKey: string): Promise<Uint8Array | null> {
      const r = await db.selectFrom('vault').selectAll().where('message_key', '=', messageKey).executeTakeFirst();
      if (!r?.sealed) return null;
      const raw = openBytes(ring, r.sealed, context(r.tenant_id, r.message_key));
      if (sha256Hex(raw) !== r.sha256) throw new Error('vault copy failed its integrity check');
      return new Uint8Array(raw);
    },
    /** Drops the sealed bytes of entries past retention (the row stays, as a record). Returns how many. */
    async purgeExpired(now: Date = new Date()): Promise<number> {
      const res = await db
        .updateTable('vault')
        .set({ sealed: null, purged_at: now.toISOString() })
        .where('expires_at', '<', now.toISOString())
        .where('sealed', 'is not', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
    /** The stored ciphertext, for tests that prove the raw message is not kept in clear. */
    async sealed(messageKey: string): Promise<Buffer | null> {
      return (await db.selectFrom('vault').select('sealed').where('message_key', '=', messageKey).executeTakeFirst())?.sealed ?? null;
    },
  };
}
