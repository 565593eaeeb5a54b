import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

export interface AuditView {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string;
  detail: Record<string, unknown> | null;
}

/** Reading the audit log of one tenant, newest first, with a cursor (`at|id` of the last row seen). */
export function auditRepo(db: Kysely<Database>) {
  return {
    async list(tenantId: string, opts: { limit: number; cursor?: string; action?: string; target?: string }): Promise<{ items: AuditView[]; nextCursor: string | null }> {
      let q = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
      if (opts.action) q = q.where('action', '=', opts.action);
      if (opts.target) q = q.where('target', '=', opts.target);
      if (opts.cursor) {
        const [at, id] = opts.cursor.split('|');
        q = q.where((eb) => eb.or([eb('at', '<', at ?? ''), eb.and([eb('at', '=', at ?? ''), eb('id', '<', id ?? '')])]));
      }
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit + 1).execute();
      const page = rows.slice(0, opts.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, reason: r.reason, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null })),
        nextCursor: rows.length > opts.limit && last ? `${last.at}|${last.id}` : null,
      };
    },
  };
}
