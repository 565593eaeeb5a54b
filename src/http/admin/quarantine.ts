import { z } from 'zod';
import { isAppError } from '../../core/errors.ts';
import { ids, type RemediateJob } from '../../pipeline/jobs.ts';
import { currentPolicy, policyStorePort, updatePolicy } from '../../policy/index.ts';
import { detectionsRepo } from '../../store/detections-repo.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import type { AdminDeps } from './deps.ts';
import { route } from './route.ts';
import { ActionBody, ActionResults, DetectionItem, MessageParams, ReleaseBody, SingleActionBody, TenantParams } from './schemas.ts';
import { senderOf } from './sender-of.ts';

type Result = z.infer<typeof ActionResults>['results'][number];

/**
 * Release one message of the tenant; with allowSender the From address joins the tenant policy's allow list
 * (a new policy version, audited; the policy honours it only for authenticated senders).
 */
async function releaseOne(deps: AdminDeps, tenantId: string, p: Principal, key: string, reason: string, allowSender: boolean): Promise<Result> {
  const msg = await deps.store.messages.get(key);
  if (!msg || msg.tenant_id !== tenantId) return { messageKey: key, status: 'not_found' };
  const actor = actorOf(p);
  try {
    const r = await deps.release(key, actor, reason);
    let detail = r.restored ? 'restored from vault' : undefined;
    if (allowSender) {
      const raw = await deps.store.vault.open(key);
      const sender = raw ? await senderOf(raw) : null;
      if (sender) {
        const policy = await currentPolicy(deps.store, tenantId);
        if (policy && !policy.allow.addresses.includes(sender)) {
          await updatePolicy(policyStorePort(deps.store), tenantId, { ...policy, allow: { ...policy.allow, addresses: [...policy.allow.addresses, sender] } }, actor, `release and allow sender (${key})`);
        }
        await deps.store.actions.audit({ tenantId, actor, action: 'sender.allow', target: sender, reason, detail: { messageKey: key } });
        detail = `${detail ? `${detail}; ` : ''}sender allowed`;
      } else detail = `${detail ? `${detail}; ` : ''}sender unknown (no vault copy), not allowed`;
    }
    return { messageKey: key, status: 'released', ...(detail ? { detail } : {}) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    deps.logger.warn({ code: err.code, messageKey: key }, 'admin release failed');
    return { messageKey: key, status: err.code === 'not_found' ? 'not_found' : 'failed', detail: err.code };
  }
}

/** Delete = purge through the remediate queue (vault copy first, retries, audit by the worker). */
async function deleteOne(deps: AdminDeps, tenantId: string, p: Principal, key: string, reason: string): Promise<Result> {
  const msg = await deps.store.messages.get(key);
  if (!msg || msg.tenant_id !== tenantId) return { messageKey: key, status: 'not_found' };
  const mailbox = await deps.store.mailboxes.get(tenantId, msg.mailbox_id);
  if (!mailbox) return { messageKey: key, status: 'not_found', detail: 'mailbox no longer protected' };
  const job: RemediateJob = { provider: mailbox.provider, tenantId, mailboxId: msg.mailbox_id, messageId: msg.message_id, messageKey: key, action: 'purge', actor: actorOf(p), reason, receivedAt: Date.now() };
  await deps.remediate.add(job, ids.remediate(key, 'purge'));
  await deps.store.actions.audit({ tenantId, actor: actorOf(p), action: 'delete.requested', target: key, reason });
  return { messageKey: key, status: 'queued' };
}

export const quarantineRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/quarantine', tag: 'quarantine', minRole: 'viewer', summary: 'Messages held in quarantine now',
    params: TenantParams, response: z.object({ items: z.array(DetectionItem) }),
    handler: async ({ deps, tenantId }) => ({ items: await detectionsRepo(deps.store.db).quarantined(tenantId, 500) }),
  }),
  route({
    method: 'post', path: '/tenants/:tenantId/quarantine/release', tag: 'quarantine', minRole: 'analyst', summary: 'Release messages (bulk); optionally allow their senders',
    params: TenantParams, body: ReleaseBody, response: ActionResults,
    async handler({ deps, tenantId, principal, body }) {
      const results: Result[] = [];
      for (const key of body.messageKeys) results.push(await releaseOne(deps, tenantId, principal, key, body.reason, body.allowSender));
      return { results };
    },
  }),
  route({
    method: 'post', path: '/tenants/:tenantId/quarantine/delete', tag: 'quarantine', minRole: 'analyst', summary: 'Delete (purge) messages (bulk), through the remediate queue',
    params: TenantParams, body: ActionBody, status: 202, response: ActionResults,
    async handler({ deps, tenantId, principal, body }) {
      const results: Result[] = [];
      for (const key of body.messageKeys) results.push(await deleteOne(deps, tenantId, principal, key, body.reason));
      return { results };
    },
  }),
  route({
    method: 'post', path: '/tenants/:tenantId/messages/:messageKey/release', tag: 'quarantine', minRole: 'analyst', summary: 'Release one message',
    params: MessageParams, body: SingleActionBody, response: ActionResults,
    async handler({ deps, tenantId, principal, params, body }) {
      const r = await releaseOne(deps, tenantId, principal, params.messageKey, body.reason, body.allowSender);
      return r.status === 'not_found' ? null : { results: [r] };
    },
  }),
  route({
    method: 'post', path: '/tenants/:tenantId/messages/:messageKey/delete', tag: 'quarantine', minRole: 'analyst', summary: 'Delete (purge) one message',
    params: MessageParams, body: SingleActionBody, status: 202, response: ActionResults,
    async handler({ deps, tenantId, principal, params, body }) {
      const r = await deleteOne(deps, tenantId, principal, params.messageKey, body.reason);
      return r.status === 'not_found' ? null : { results: [r] };
    },
  }),
];
