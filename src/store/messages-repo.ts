import { sql, type Kysely } from 'kysely';
import type { Direction } from '../core/provider.ts';
import type { Verdict, VerdictKind } from '../core/verdict.ts';
import type { Decision } from '../policy/decide.ts';
import type { Database } from './tables.ts';

export interface SeenMessage {
  key: string;
  tenantId: string;
  mailboxId: string;
  messageId: string;
  direction: Direction;
}

export interface StoredVerdict {
  messageKey: string;
  tenantId: string;
  verdict: Verdict;
  decision: Decision;
  scanMs: number;
  scannedAt: Date;
}

/** Messages seen (one row per provider message) and the verdict recorded for each. */
export function messagesRepo(db: Kysely<Database>) {
  return {
    /** Idempotent: the first sighting wins, later ones change nothing. */
    async recordSeen(m: SeenMessage): Promise<void> {
      const now = new Date().toISOString();
      await db
        .insertInto('messages')
        .values({ key: m.key, tenant_id: m.tenantId, mailbox_id: m.mailboxId, message_id: m.messageId, direction: m.direction, status: 'queued', attempts: 0, last_error: null, first_seen_at: now, updated_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
    async get(key: string) {
      return (await db.selectFrom('messages').selectAll().where('key', '=', key).executeTakeFirst()) ?? null;
    },
    /** A failed scan attempt, with a reason that says why (never message content). */
    async markError(key: string, status: 'error' | 'gone' | 'skipped', reason: string): Promise<void> {
      await db
        .updateTable('messages')
        .set({ status, last_error: reason.slice(0, 500), attempts: sql`attempts + 1`, updated_at: new Date().toISOString() })
        .where('key', '=', key)
        .execute();
    },
    /**
     * Records the verdict once: returns false when another worker already recorded one for this message
     * (the first verdict stands; replays and racing workers never write a second).
     */
    async recordVerdict(key: string, tenantId: string, verdict: Verdict, decision: Decision, scanMs: number): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const res = await tx
          .insertInto('verdicts')
          .values({
            message_key: key,
            tenant_id: tenantId,
            verdict: verdict.verdict,
            score: verdict.score,
            categories: JSON.stringify(verdict.categories),
            findings: JSON.stringify(verdict.findings),
            failures: JSON.stringify(verdict.failures),
            decision: JSON.stringify(decision),
            scan_ms: scanMs,
            scanned_at: new Date().toISOString(),
          })
          .onConflict((oc) => oc.column('message_key').doNothing())
          .executeTakeFirst();
        const inserted = Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
        if (inserted) await tx.updateTable('messages').set({ status: 'scanned', last_error: null, updated_at: new Date().toISOString() }).where('key', '=', key).execute();
        return inserted;
      });
    },
    async verdict(key: string): Promise<StoredVerdict | null> {
      const r = await db.selectFrom('verdicts').selectAll().where('message_key', '=', key).executeTakeFirst();
      if (!r) return null;
      return {
        messageKey: r.message_key,
        tenantId: r.tenant_id,
        verdict: { verdict: r.verdict as VerdictKind, score: Number(r.score), categories: JSON.parse(r.categories), findings: JSON.parse(r.findings), failures: JSON.parse(r.failures) },
        decision: JSON.parse(r.decision) as Decision,
        scanMs: Number(r.scan_ms),
        scannedAt: new Date(r.scanned_at),
      };
    },
    /** Messages seen but without a verdict and not given up on: re-enqueued when an embedded service restarts. */
    async unfinished(limit = 10_000): Promise<SeenMessage[]> {
      const rows = await db
        .selectFrom('messages')
        .leftJoin('verdicts', 'verdicts.message_key', 'messages.key')
        .select(['messages.key', 'messages.tenant_id', 'messages.mailbox_id', 'messages.message_id', 'messages.direction'])
        .where('verdicts.message_key', 'is', null)
        .where('messages.status', 'in', ['queued', 'error'])
        .orderBy('messages.first_seen_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ key: r.key, tenantId: r.tenant_id, mailboxId: r.mailbox_id, messageId: r.message_id, direction: r.direction as Direction }));
    },
    /** Verdicts whose decision asked for an action that was never recorded (the process stopped in between). */
    async undoneDecisions(limit = 10_000): Promise<{ key: string; tenantId: string; mailboxId: string; messageId: string; decision: Decision }[]> {
      const rows = await db
        .selectFrom('verdicts')
        .innerJoin('messages', 'messages.key', 'verdicts.message_key')
        .leftJoin('actions', 'actions.message_key', 'verdicts.message_key')
        .select(['verdicts.message_key', 'verdicts.decision', 'messages.tenant_id', 'messages.mailbox_id', 'messages.message_id'])
        .where('actions.id', 'is', null)
        .limit(limit)
        .execute();
      return rows
        .map((r) => ({ key: r.message_key, tenantId: r.tenant_id, mailboxId: r.mailbox_id, messageId: r.message_id, decision: JSON.parse(r.decision) as Decision }))
        .filter((r) => r.decision.action !== 'none');
    },
    async countVerdicts(tenantId?: string): Promise<Record<string, number>> {
      let q = db.selectFrom('verdicts').select(['verdict', (eb) => eb.fn.countAll().as('n')]).groupBy('verdict');
      if (tenantId) q = q.where('tenant_id', '=', tenantId);
      return Object.fromEntries((await q.execute()).map((r) => [r.verdict, Number(r.n)]));
    },
    async countByStatus(tenantId?: string): Promise<Record<string, number>> {
      let q = db.selectFrom('messages').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status');
      if (tenantId) q = q.where('tenant_id', '=', tenantId);
      return Object.fromEntries((await q.execute()).map((r) => [r.status, Number(r.n)]));
    },
  };
}
