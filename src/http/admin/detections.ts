import { z } from 'zod';
import { detectionsRepo } from '../../store/detections-repo.ts';
import { messageView } from './message-view.ts';
import { route } from './route.ts';
import { DetectionItem, DetectionPage, DetectionQuery, MessageParams, TenantParams } from './schemas.ts';

const MessageDetail = DetectionItem.extend({
  findings: z.array(z.object({ rule: z.string(), detector: z.string(), category: z.string(), score: z.number(), confidence: z.number(), description: z.string(), evidence: z.string() })),
  failures: z.array(z.unknown()),
  audit: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), reason: z.string() })),
  vault: z.object({ stored: z.boolean(), sha256: z.string().nullable(), size: z.number().nullable() }),
  content: z.unknown().nullable().describe('Headers, auth results, links (defanged), attachment tree: parsed from the vault copy when one is kept.'),
});

export const detectionRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/detections', tag: 'detections', minRole: 'viewer',
    summary: 'Scanned messages (default: not clean), newest first; filter by verdict, rule, mailbox, sender, time, or text in the subject or sender',
    params: TenantParams, query: DetectionQuery, response: DetectionPage,
    handler: ({ deps, tenantId, query }) =>
      detectionsRepo(deps.store.db).list(tenantId, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.verdict ? { verdict: query.verdict } : {}),
        ...(query.q ? { text: query.q } : {}),
        ...(query.rule ? { rule: query.rule } : {}),
        ...(query.mailbox ? { mailbox: query.mailbox } : {}),
        ...(query.sender ? { sender: query.sender } : {}),
        ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
        ...(query.until ? { until: new Date(query.until).toISOString() } : {}),
        ...(query.includeClean ? { includeClean: true } : {}),
      }),
  }),
  route({
    method: 'get', path: '/tenants/:tenantId/messages/:messageKey', tag: 'detections', minRole: 'viewer',
    summary: 'One message: verdict, every finding with evidence, actions, audit trail, and content from the vault copy',
    params: MessageParams, response: MessageDetail,
    async handler({ deps, tenantId, params }) {
      const d = await detectionsRepo(deps.store.db).one(tenantId, params.messageKey);
      if (!d) return null;
      const audit = await deps.store.db.selectFrom('audit_log').select(['at', 'actor', 'action', 'reason']).where('tenant_id', '=', tenantId).where('target', '=', params.messageKey).orderBy('at').execute();
      const v = await deps.store.db.selectFrom('vault').select(['sha256', 'size', 'purged_at']).where('message_key', '=', params.messageKey).where('tenant_id', '=', tenantId).executeTakeFirst();
      const stored = !!v && !v.purged_at;
      let content = null;
      if (stored) {
        const raw = await deps.store.vault.open(params.messageKey);
        if (raw) content = await messageView(raw);
      }
      return { ...d, audit, vault: { stored, sha256: v?.sha256 ?? null, size: v ? Number(v.size) : null }, content };
    },
  }),
];
