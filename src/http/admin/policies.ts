import { z } from 'zod';
import { withDefaults } from '../../policy/defaults.ts';
import { auditRepo } from '../../store/audit-repo.ts';
import { actorOf } from '../auth/principal.ts';
import { route } from './route.ts';
import { AuditPage, Paging, PolicyBody, TenantParams } from './schemas.ts';

export const policyRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/policy', tag: 'policies', minRole: 'viewer', summary: "The tenant's effective policy (defaults filled in)",
    params: TenantParams, response: PolicyBody,
    handler: async ({ deps, tenantId }) => {
      const t = await deps.store.db.selectFrom('tenants').select('policy').where('id', '=', tenantId).executeTakeFirst();
      return t ? withDefaults(t.policy ? JSON.parse(t.policy) : null) : null;
    },
  }),
  route({
    method: 'put', path: '/tenants/:tenantId/policy', tag: 'policies', minRole: 'admin', summary: 'Replace the policy; the previous and new versions go to the audit log',
    params: TenantParams, body: PolicyBody, response: PolicyBody,
    async handler({ deps, tenantId, principal, body }) {
      const t = await deps.store.db.selectFrom('tenants').select('policy').where('id', '=', tenantId).executeTakeFirst();
      if (!t) return null;
      const previous = withDefaults(t.policy ? JSON.parse(t.policy) : null);
      await deps.store.tenants.setPolicy(tenantId, body);
      // The audit log is the version history: each entry carries the whole before/after policy.
      await deps.store.actions.audit({ tenantId, actor: actorOf(principal), action: 'policy.update', target: `tenant:${tenantId}:policy`, reason: 'policy edited', detail: { previous, policy: body } });
      return body;
    },
  }),
  route({
    method: 'get', path: '/tenants/:tenantId/policy/versions', tag: 'policies', minRole: 'viewer', summary: 'Policy versions (from the audit log), newest first',
    params: TenantParams, query: Paging, response: AuditPage,
    handler: ({ deps, tenantId, query }) => auditRepo(deps.store.db).list(tenantId, { limit: query.limit, action: 'policy.update', ...(query.cursor ? { cursor: query.cursor } : {}) }),
  }),
];

export const rulePackRoutes = [
  route({
    method: 'get', path: '/rule-packs', tag: 'rules', minRole: 'viewer', summary: 'Detectors and rule packs loaded by the engine, with their rules',
    response: z.object({ items: z.array(z.object({ id: z.string(), rules: z.array(z.object({ id: z.string(), category: z.string(), weight: z.number(), description: z.string() })) })) }),
    handler: async ({ deps }) => ({
      items: deps.detectors.map((d) => ({ id: d.id, rules: Object.entries(d.rules).map(([id, r]) => ({ id, category: r.category, weight: r.weight, description: r.description })) })),
    }),
  }),
];
