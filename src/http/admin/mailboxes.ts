import { z } from 'zod';
import { needsPushChannel, type ProviderId } from '../../core/provider.ts';
import { protectionMode } from '../../pipeline/hold-mode.ts';
import { withDefaults } from '../../policy/defaults.ts';
import type { Policy } from '../../policy/types.ts';
import { holdRepo } from '../../store/hold-repo.ts';
import { groupIds } from '../../store/mailboxes-repo.ts';
import { route } from './route.ts';
import { TenantParams } from './schemas.ts';

const MailboxRow = z.object({
  mailboxId: z.string(),
  address: z.string(),
  displayName: z.string().nullable(),
  enabled: z.boolean(),
  /** hold | post-delivery | monitor | broken | off: the protection in force now (see pipeline/hold-mode.ts). */
  protection: z.enum(['hold', 'post-delivery', 'monitor', 'broken', 'off']),
  /** Why the mode is broken, or differs from what the policy asks for; null when all is as configured. */
  protectionDetail: z.string().nullable(),
  hold: z.object({ state: z.enum(['installed', 'removed', 'failed']).nullable(), checkedAt: z.string().nullable() }),
  subscriptionExpiresAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
});

export const mailboxRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/mailboxes', tag: 'tenants', minRole: 'viewer', summary: 'Protected mailboxes and the protection mode in force (hold, post-delivery, monitor, broken, off)',
    params: TenantParams,
    response: z.object({ items: z.array(MailboxRow) }),
    async handler({ deps, tenantId }) {
      const db = deps.store.db;
      const t = await db.selectFrom('tenants').select('policy').where('id', '=', tenantId).executeTakeFirst();
      const policy = withDefaults(t?.policy ? (JSON.parse(t.policy) as Partial<Policy>) : null);
      const rows = await db
        .selectFrom('mailboxes')
        .leftJoin('cursors', (j) => j.onRef('cursors.tenant_id', '=', 'mailboxes.tenant_id').onRef('cursors.mailbox_id', '=', 'mailboxes.mailbox_id'))
        .select(['mailboxes.mailbox_id', 'mailboxes.provider', 'mailboxes.address', 'mailboxes.display_name', 'mailboxes.enabled', 'mailboxes.group_ids', 'cursors.last_sync_at'])
        .where('mailboxes.tenant_id', '=', tenantId)
        .orderBy('mailboxes.address')
        .execute();
      const subs = await db.selectFrom('subscriptions').select(['mailbox_id', 'expires_at']).where('tenant_id', '=', tenantId).execute();
      const exp = new Map(subs.map((s) => [s.mailbox_id, s.expires_at]));
      const holds = await holdRepo(db).forTenant(tenantId);
      const now = new Date();
      return {
        items: rows.map((r) => {
          const hold = holds.get(r.mailbox_id);
          const expires = exp.get(r.mailbox_id) ?? null;
          const { mode, detail } = protectionMode({
            enabled: r.enabled === 1, address: r.address, groupIds: groupIds(r.group_ids), policy, holdState: hold?.state ?? null, holdDetail: hold?.detail ?? null,
            subscriptionExpiresAt: expires ? new Date(expires) : null, needsSubscription: needsPushChannel(r.provider as ProviderId), now,
          });
          return {
            mailboxId: r.mailbox_id, address: r.address, displayName: r.display_name, enabled: r.enabled === 1,
            protection: mode, protectionDetail: detail,
            hold: { state: hold?.state ?? null, checkedAt: hold?.checkedAt?.toISOString() ?? null },
            subscriptionExpiresAt: expires, lastSyncAt: r.last_sync_at ?? null,
          };
        }),
      };
    },
  }),
];
