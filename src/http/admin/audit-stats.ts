import { z } from 'zod';
import { auditRepo } from '../../store/audit-repo.ts';
import { detectionsRepo } from '../../store/detections-repo.ts';
import { route } from './route.ts';
import { AuditPage, AuditQuery, StatsQuery, TenantParams } from './schemas.ts';

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
}

export const auditStatsRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/audit', tag: 'audit', minRole: 'viewer', summary: 'Audit log, newest first',
    params: TenantParams, query: AuditQuery, response: AuditPage,
    handler: ({ deps, tenantId, query }) =>
      auditRepo(deps.store.db).list(tenantId, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.action ? { action: query.action } : {}), ...(query.target ? { target: query.target } : {}) }),
  }),
  route({
    method: 'get', path: '/tenants/:tenantId/stats', tag: 'stats', minRole: 'viewer', summary: 'Messages per verdict per day, and delivery → remediation time',
    params: TenantParams, query: StatsQuery,
    response: z.object({
      since: z.string(),
      perDay: z.array(z.object({ day: z.string(), counts: z.record(z.string(), z.number()) })),
      totals: z.record(z.string(), z.number()),
      remediation: z.object({ count: z.number(), p50Seconds: z.number().nullable(), p90Seconds: z.number().nullable(), maxSeconds: z.number().nullable() }),
    }),
    async handler({ deps, tenantId, query }) {
      const since = new Date(Date.now() - query.days * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00.000Z';
      const repo = detectionsRepo(deps.store.db);
      const rows = await repo.perDay(tenantId, since);
      const days = new Map<string, Record<string, number>>();
      const totals: Record<string, number> = {};
      for (const r of rows) {
        days.set(r.day, { ...(days.get(r.day) ?? {}), [r.verdict]: r.n });
        totals[r.verdict] = (totals[r.verdict] ?? 0) + r.n;
      }
      const secs = (await repo.remediationSeconds(tenantId, since)).sort((a, b) => a - b);
      return {
        since,
        perDay: [...days].map(([day, counts]) => ({ day, counts })),
        totals,
        remediation: { count: secs.length, p50Seconds: percentile(secs, 50), p90Seconds: percentile(secs, 90), maxSeconds: secs.at(-1) ?? null },
      };
    },
  }),
];
