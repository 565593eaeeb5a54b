import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { m365Webhook } from '../../../../src/http/webhooks/m365.ts';
import { createLogger } from '../../../../src/observability/logger.ts';
import type { NotificationJob, WebhookDeps } from '../../../../src/pipeline/ports.ts';

const SECRET = 'k9Qm3-real-client-state-secret-value-0123456789';
const SUBS: Record<string, { tenantId: string; mailboxId: string; secret: string }> = {
  'sub-1': { tenantId: 't1', mailboxId: 'u1', secret: SECRET },
};

let server: Server;
let url: string;
const enqueued: { job: NotificationJob; key: string }[] = [];
const expired: string[] = [];
const logs: string[] = [];
let queueDown = false;
let lookupsMade = 0;

beforeAll(async () => {
  const deps: WebhookDeps = {
    findSubscription: async (provider, id) => {
      lookupsMade++;
      return provider === 'm365' ? (SUBS[id] ?? null) : null;
    },
    findMailboxByAddress: async () => null,
    enqueueNotification: async (job, key) => {
      if (queueDown) throw new Error('queue down');
      enqueued.push({ job, key });
    },
    expireSubscription: async (_p, id) => void expired.push(id),
  };
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, cb) => { logs.push(String(chunk)); cb(); } }) });
  const app = express();
  app.use('/webhooks/m365', m365Webhook(deps, { logger }));
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/m365`;
});
afterAll(async () => new Promise<void>((r) => server.close(() => r())));

const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const change = (over: Record<string, unknown> = {}) => ({
  subscriptionId: 'sub-1', clientState: SECRET, changeType: 'created', tenantId: 'aad', resource: 'Users/u1/Messages/AAkALgM1',
  resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: 'AAkALgM1' }, ...over,
});

describe('POST /webhooks/m365', () => {
  it('echoes the validation token, decoded, as text/plain 200 (both endpoints)', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 1f2e+3d/4c=';
    for (const path of ['', '/lifecycle']) {
      const res = await fetch(`${url}${path}?validationToken=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(token);
    }
    const huge = await fetch(`${url}?validationToken=${'a'.repeat(5000)}`, { method: 'POST' });
    expect(huge.status).toBe(400);
  });

  it('enqueues one job per mailbox per POST with its message ids and a deterministic key, and answers 202', async () => {
    enqueued.length = 0;
    const res = await post('', { value: [change({ resourceData: { id: 'AAkALgM2' } }), change(), change()] });
    expect(res.status).toBe(202);
    expect(enqueued).toEqual([
      { job: { provider: 'm365', tenantId: 't1', mailboxId: 'u1', trigger: { kind: 'notification', messageIds: ['AAkALgM1', 'AAkALgM2'] }, receivedAt: expect.any(String) }, key: expect.stringMatching(/^sub-1:/) },
    ]);
    // Graph redelivers the same batch (in any order): same key, so the queue collapses it
    await post('', { value: [change(), change({ resourceData: { id: 'AAkALgM2' } })] });
    expect(enqueued[1].key).toBe(enqueued[0].key);
    await post('', { value: [change()] });
    expect(enqueued[2].key).not.toBe(enqueued[0].key);
  });

  it('forged notifications (wrong clientState, missing clientState, unknown subscription) enqueue nothing and are logged without secrets', async () => {
    enqueued.length = 0;
    logs.length = 0;
    const forged = [change({ clientState: 'guess' }), change({ clientState: SECRET.slice(0, -1) }), change({ clientState: undefined }), change({ subscriptionId: 'sub-unknown' })];
    const res = await post('', { value: forged });
    expect(res.status).toBe(202);
    expect(enqueued).toEqual([]);
    expect(logs.filter((l) => l.includes('wrong clientState'))).toHaveLength(3);
    expect(logs.filter((l) => l.includes('unknown subscription'))).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(SECRET.slice(0, 12));
    expect(logs.join('\n')).not.toContain('guess');
    // a valid one in the same batch as forged ones still goes through
    await post('', { value: [change({ clientState: 'nope', resourceData: { id: 'forged-id' } }), change()] });
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0].job.trigger).toEqual({ kind: 'notification', messageIds: ['AAkALgM1'] });
  });

  it('looks a subscription up once per POST however many notifications name it', async () => {
    enqueued.length = 0;
    lookupsMade = 0;
    const many = Array.from({ length: 100 }, (_, i) => change({ resourceData: { id: `m${i}` } }));
    expect((await post('', { value: many })).status).toBe(202);
    expect(enqueued).toHaveLength(1);
    expect((enqueued[0].job.trigger as { messageIds: string[] }).messageIds).toHaveLength(100);
    expect(lookupsMade).toBe(1);
  });

  it('ignores junk bodies without failing', async () => {
    enqueued.length = 0;
    for (const body of [{}, { value: 'x' }, { value: [null, 1, 'a', { subscriptionId: 5 }] }, []]) expect((await post('', body)).status).toBe(202);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })).status).toBe(400);
    expect(enqueued).toEqual([]);
  });

  it('lifecycle events: verified like changes; reauthorize/removal mark the subscription due and every event catches up', async () => {
    enqueued.length = 0;
    expired.length = 0;
    const life = (event: string, over: Record<string, unknown> = {}) => ({ subscriptionId: 'sub-1', clientState: SECRET, lifecycleEvent: event, tenantId: 'aad', ...over });
    const res = await post('/lifecycle', { value: [life('reauthorizationRequired'), life('missed'), life('subscriptionRemoved'), life('missed', { clientState: 'forged' }), life('bogusEvent')] });
    expect(res.status).toBe(202);
    expect(expired).toEqual(['sub-1', 'sub-1']);
    expect(enqueued.map((e) => e.job.trigger)).toEqual([
      { kind: 'catchup', reason: 'graph lifecycle reauthorizationRequired' },
      { kind: 'catchup', reason: 'graph lifecycle missed' },
      { kind: 'catchup', reason: 'graph lifecycle subscriptionRemoved' },
    ]);
  });

  it('answers 503 only when the queue cannot take the job (so Graph retries)', async () => {
    queueDown = true;
    try {
      expect((await post('', { value: [change()] })).status).toBe(503);
      // nothing valid to enqueue: still 202
      expect((await post('', { value: [change({ clientState: 'x' })] })).status).toBe(202);
    } finally {
      queueDown = false;
    }
  });
});
