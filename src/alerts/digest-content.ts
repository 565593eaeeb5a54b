import type { Store } from '../store/store.ts';
import { detectionsRepo } from '../store/detections-repo.ts';
import { messageLink } from './alert-content.ts';
import type { DigestContent } from './render-digest.ts';

/** Builds one tenant's digest for a UTC day (YYYY-MM-DD) from the stored verdicts and actions. */
export async function digestContent(store: Store, tenantId: string, day: string, dashboardUrl: string): Promise<DigestContent> {
  const from = `${day}T00:00:00.000Z`;
  const to = new Date(Date.parse(from) + 86_400_000).toISOString();
  const db = store.db;
  const tenant = await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  const counts = await db.selectFrom('verdicts').select(['verdict', (eb) => eb.fn.countAll().as('n')]).where('tenant_id', '=', tenantId).where('scanned_at', '>=', from).where('scanned_at', '<', to).groupBy('verdict').execute();
  const actions = await db.selectFrom('actions').select(['action', (eb) => eb.fn.countAll().as('n')]).where('tenant_id', '=', tenantId).where('status', '=', 'done').where('created_at', '>=', from).where('created_at', '<', to).groupBy('action').execute();
  const page = await detectionsRepo(db).list(tenantId, { limit: 200, since: from, until: to });
  const rules = new Map<string, number>();
  for (const d of page.items) for (const f of d.topFindings) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
  return {
    tenantName: tenant?.name ?? tenantId,
    day,
    counts: Object.fromEntries(counts.map((r) => [r.verdict, Number(r.n)])),
    actions: Object.fromEntries(actions.map((r) => [r.action, Number(r.n)])),
    topRules: [...rules].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([rule, n]) => ({ rule, n })),
    detections: [...page.items].sort((a, b) => b.score - a.score).slice(0, 15).map((d) => ({
      mailbox: d.mailboxAddress ?? d.mailboxId, verdict: d.verdict, score: d.score,
      action: d.actions.map((a) => `${a.action} ${a.status}`).join(', ') || d.decision.action, link: messageLink(dashboardUrl, tenantId, d.messageKey),
    })),
    dashboardUrl,
  };
}
