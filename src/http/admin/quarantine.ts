import { z } from 'zod';
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
 * Release one message of the tenant through the remediate queue (provider call, vault fallback, retries, dead
 * letter, audit by the worker). The job id is deterministic: asking twice while it runs queues it once; a
 * failed or finished release can be asked for again. With allowSender the From address joins the tenant
 * policy's allow list now (a new policy version, audited; honoured only for authenticated senders).
 */
async function releaseOne(deps: AdminDeps, tenantId: string, p: Principal, key: string, reason: string, allowSender: boolean): Promise<Result> {
  const msg = await deps.store.messages.get(key);
  if (!msg || msg.tenant_id !== tenantId) return { messageKey: key, status: 'not_found' };
  const actor = actorOf(p);
  const jobId = ids.remediate(key, 'release');
  const previous = (await deps.store.actions.forMessage(key)).find((a) => a.action === 'release');
  let detail: string | undefined;
  let status: Result['status'] = 'queued';
  if (previous?.status === 'done') {
    // Already back in the inbox: replaying would only turn a done release into a no-op.
    status = 'released';
    detail = 'already released';
  } else {
    const mailbox = await deps.store.mailboxes.get(tenantId, msg.mailbox_id);
    if (!mailbox) return { messageKey: key, status: 'not_found', detail: 'mailbox no longer protected' };
    const job: RemediateJob = { provider: mailbox.provider, tenantId, mailboxId: msg.mailbox_id, messageId: msg.message_id, messageKey: key, action: 'release', actor, reason, receivedAt: Date.now() };
    // Recorded before the job exists, so the worker's outcome always lands after (and over) it.
    await deps.store.actions.record({ id: jobId, tenantId, messageKey: key, action: 'release', status: 'queued', detail: reason });
    await deps.remediate.replay(jobId, job);
    await deps.store.actions.audit({ tenantId, actor, action: 'release.requested', target: key, reason });
  }
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
  return { messageKey: key, status, jobId, ...(detail ? { detail } : {}) };
}

/** Delete = purge through the remediate queue (vault copy first, retries, audit by the worker). */
async function deleteOne(deps: AdminDeps, tenantId: string, p: Principal, key: string, reason: string): Promise<Result> {
  const msg = await deps.store.messages.get(key);
  if (!msg || msg.tenant_id !== tenantId) return { messageKey: key, status: 'not_found' };
  const mailbox = await deps.store.mailboxes.get(tenantId, msg.mailbox_id);
  if (!mailbox) return { messageKey: key, status: 'not_found', detail: 'mailbox no longer protected' };
  const job: RemediateJob = { provider: mailbox.provider, tenantId, mailboxId: msg.mailbox_id, messageId: msg.message_id, messageKey: key, action: 'purge', actor: actorOf(p), reason, receivedAt: Date.now() };
  const jobId = ids.remediate(key, 'purge');
  await deps.remediate.add(job, jobId);
  await deps.store.actions.audit({ tenantId, actor: actorOf(p), action: 'delete.requested', target: key, reason });
  return { messageKey: key, status: 'queued', jobId };
}

export const quarantineRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/quarantine', tag: 'quarantine', minRole: 'viewer', summary: 'Messages held in quarantine now',
    params: TenantParams, response: z.object({ items: z.array(DetectionItem) }),
    handler: async ({ deps, tenantId }) => ({ items: await detectionsRepo(deps.store.db).quarantined(tenantId, 500) }),
  }),
  route({
    method: 'post', path: '/tenants/:tenantId/quarantine/release', tag: 'quarantine', minRole: 'analyst', summary: 'Release messages (bulk) through the remediate queue; optionally allow their senders',
    params: TenantParams, body: ReleaseBody, status: 202, response: ActionResults,
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
    method: 'post', path: '/tenants/:tenantId/messages/:messageKey/release', tag: 'quarantine', minRole: 'analyst', summary: 'Release one message through the remediate queue',
    params: MessageParams, body: SingleActionBody, status: 202, response: ActionResults,
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
