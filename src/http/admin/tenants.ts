import { z } from 'zod';
import { withDefaults } from '../../policy/defaults.ts';
import type { AdminDeps } from './deps.ts';
import { mailboxRoutes } from './mailboxes.ts';
import { route } from './route.ts';
import { TenantParams } from './schemas.ts';

const TenantSummary = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  role: z.string(),
  mode: z.string(),
  connection: z.object({ mailboxes: z.number(), enabled: z.number(), subscriptions: z.number(), nextExpiry: z.string().nullable(), lastSyncAt: z.string().nullable() }),
});

/** Tenant rows without settings (credentials never leave the store through the API) plus connection state. */
async function summary(deps: AdminDeps, id: string, role: string) {
  const db = deps.store.db;
  const t = await db.selectFrom('tenants').select(['id', 'name', 'provider', 'policy']).where('id', '=', id).executeTakeFirst();
  if (!t) return null;
  const mb = await db.selectFrom('mailboxes').select(['enabled', (eb) => eb.fn.countAll().as('n')]).where('tenant_id', '=', id).groupBy('enabled').execute();
  const subs = await db.selectFrom('subscriptions').select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.min('expires_at').as('next')]).where('tenant_id', '=', id).executeTakeFirst();
  const sync = await db.selectFrom('cursors').select((eb) => eb.fn.max('last_sync_at').as('last')).where('tenant_id', '=', id).executeTakeFirst();
  const total = mb.reduce((s, r) => s + Number(r.n), 0);
  return {
    id: t.id,
    name: t.name,
    provider: t.provider,
    role,
    mode: withDefaults(t.policy ? JSON.parse(t.policy) : null).mode,
    connection: {
      mailboxes: total,
      enabled: Number(mb.find((r) => Number(r.enabled) === 1)?.n ?? 0),
      subscriptions: Number(subs?.n ?? 0),
      nextExpiry: (subs?.next as string | null) ?? null,
      lastSyncAt: (sync?.last as string | null) ?? null,
    },
  };
}

export const tenantRoutes = [
  route({
    method: 'get', path: '/tenants', tag: 'tenants', minRole: 'viewer', summary: 'Tenants the caller belongs to, with connection state',
    response: z.object({ items: z.array(TenantSummary) }),
    async handler({ principal, deps }) {
      const items = [];
      for (const [id, role] of principal.memberships) {
        const s = await summary(deps, id, role);
        if (s) items.push(s);
      }
      return { items };
    },
  }),
  route({
    method: 'get', path: '/tenants/:tenantId', tag: 'tenants', minRole: 'viewer', summary: 'One tenant and its connection state',
    params: TenantParams, response: TenantSummary,
    handler: ({ deps, tenantId, principal }) => summary(deps, tenantId, principal.memberships.get(tenantId)!),
  }),
  // The mailbox list (with the protection mode in force) lives in mailboxes.ts.
  ...mailboxRoutes,
];

