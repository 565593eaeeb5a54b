import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** `queued`: an admin asked for it and the remediate job has not finished yet. */
export type ActionStatus = 'queued' | 'done' | 'noop' | 'monitor' | 'failed';

export interface AuditEntry {
  tenantId: string;
  /** Who or what acted: `policy`, `scheduler`, `admin:<email>`. */
  actor: string;
  action: string;
  /** What was acted on: a message key, a mailbox, a subscription. */
  target: string;
  reason: string;
  detail?: Record<string, unknown>;
}

/** Remediation actions taken per message, and the audit log of who did what to which message and why. */
export function actionsRepo(db: Kysely<Database>) {
  return {
    /** One row per (message, action): a replay overwrites the status instead of adding a second row. */
    async record(a: { id: string; tenantId: string; messageKey: string; action: string; status: ActionStatus; detail?: string }): Promise<void> {
      const row = { id: a.id, tenant_id: a.tenantId, message_key: a.messageKey, action: a.action, status: a.status, detail: a.detail ?? null, created_at: new Date().toISOString() };
      await db
        .insertInto('actions')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ status: row.status, detail: row.detail }))
        .execute();
    },
    async forMessage(messageKey: string) {
      return db.selectFrom('actions').selectAll().where('message_key', '=', messageKey).orderBy('created_at').execute();
    },
    async countBy(tenantId?: string): Promise<Record<string, number>> {
      let q = db.selectFrom('actions').select(['action', 'status', (eb) => eb.fn.countAll().as('n')]).groupBy(['action', 'status']);
      if (tenantId) q = q.where('tenant_id', '=', tenantId);
      return Object.fromEntries((await q.execute()).map((r) => [`${r.action}:${r.status}`, Number(r.n)]));
    },
    async audit(e: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({ id: randomUUID(), tenant_id: e.tenantId, at: new Date().toISOString(), actor: e.actor, action: e.action, target: e.target, reason: e.reason, detail: e.detail ? JSON.stringify(e.detail) : null })
        .execute();
    },
    async auditFor(target: string) {
      return db.selectFrom('audit_log').selectAll().where('target', '=', target).orderBy('at').execute();
    },
  };
}
