import { z } from 'zod';
import { isAppError } from '../../core/errors.ts';
import { currentPolicy, PolicySchema, policyStorePort, updatePolicy } from '../../policy/index.ts';
import { auditRepo } from '../../store/audit-repo.ts';
import { actorOf } from '../auth/principal.ts';
import { route } from './route.ts';
import { AuditPage, Paging, TenantParams } from './schemas.ts';

export const policyRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/policy', tag: 'policies', minRole: 'viewer', summary: "The tenant's effective policy (defaults filled in)",
    params: TenantParams, response: PolicySchema,
    handler: ({ deps, tenantId }) => currentPolicy(deps.store, tenantId),
  }),
  route({
    method: 'put', path: '/tenants/:tenantId/policy', tag: 'policies', minRole: 'admin', summary: 'Replace the policy; the previous and new versions go to the audit log',
    params: TenantParams, body: PolicySchema, response: PolicySchema,
    async handler({ deps, tenantId, principal, body, res }) {
      if (!(await currentPolicy(deps.store, tenantId))) return null;
      try {
        // src/policy validates, saves, and writes the version (whole before/after) to the audit log.
        return (await updatePolicy(policyStorePort(deps.store), tenantId, body, actorOf(principal))).policy;
      } catch (err) {
        if (isAppError(err) && err.code === 'invalid_input') return void res.status(400).json({ error: 'invalid_input', detail: err.message });
        throw err;
      }
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
