/**
 * Property fuzzing of every webhook payload parser, directly and through the real routers over HTTP: any body
 * gets a 2xx/4xx (never a 5xx, never a crash), and nothing is enqueued unless the payload carries the
 * subscription's secret (Graph) or a valid Google-signed OIDC token and a well-formed Gmail notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import fc from 'fast-check';
import { MAX_NOTIFICATIONS_PER_POST, parseChangeNotifications, parseLifecycleNotifications } from '../../connectors/m365/notifications.ts';
import { googleWebhook } from '../../src/http/webhooks/google.ts';
import { m365Webhook } from '../../src/http/webhooks/m365.ts';
import { memoryWebhook } from '../../src/http/webhooks/memory.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { NotificationJob, WebhookDeps } from '../../src/pipeline/ports.ts';
import { GoogleEmulator } from '../emulators/google/google-emulator.ts';

const SECRET = 'fuzz-client-state-3f9c2a7b1d';
const AUDIENCE = 'https://mailwarden.test/webhooks/google';
const PUSHER = 'gmail-push@mailwarden-test.iam.gserviceaccount.com';

let emu: GoogleEmulator;
let server: Server;
let base: string;
const enqueued: { job: NotificationJob; key: string }[] = [];

beforeAll(async () => {
  emu = await GoogleEmulator.start();
  const deps: WebhookDeps = {
    findSubscription: async (_p, id) => (id === 'sub-1' ? { tenantId: 't1', mailboxId: 'u1', secret: SECRET } : null),
    findMailboxByAddress: async (_p, address) => (address === 'bob@acme.test' ? { tenantId: 't1', mailboxId: 'bob' } : null),
    enqueueNotification: async (job, key) => void enqueued.push({ job, key }),
    expireSubscription: async () => {},
    googlePush: { audience: AUDIENCE, serviceAccountEmails: [PUSHER], certsUrl: emu.certsUrl },
  };
  const app = express();
  app.use('/webhooks/m365', m365Webhook(deps, { logger: createLogger({ level: 'silent' }) }));
  app.use('/webhooks/google', googleWebhook(deps));
  app.use('/webhooks/memory', memoryWebhook(deps));
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await emu.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** JSON shaped like Graph's, with every field possibly wrong in type, size or content. */
const graphish = fc.record({
  value: fc.array(
    fc.record({
      subscriptionId: fc.oneof(fc.constant('sub-1'), fc.string(), fc.integer(), fc.constant(null)),
      clientState: fc.oneof(fc.string(), fc.constant(SECRET.slice(0, -1)), fc.constant(null), fc.array(fc.string())),
      changeType: fc.oneof(fc.constant('created'), fc.anything()),
      lifecycleEvent: fc.oneof(fc.constantFrom('missed', 'reauthorizationRequired', 'subscriptionRemoved', '__proto__'), fc.anything()),
      resourceData: fc.oneof(fc.record({ id: fc.oneof(fc.string(), fc.anything()) }), fc.anything()),
    }, { requiredKeys: [] }),
    { maxLength: 20 },
  ),
}, { requiredKeys: [] });

describe('webhook payload parsers under fuzzing', () => {
  it('the Graph parsers take anything and return bounded, well-typed notifications', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), graphish), (body) => {
        const changes = parseChangeNotifications(body);
        const lifecycle = parseLifecycleNotifications(body);
        expect(changes.length).toBeLessThanOrEqual(MAX_NOTIFICATIONS_PER_POST);
        for (const n of changes) {
          expect(typeof n.subscriptionId).toBe('string');
          expect(n.clientState === null || typeof n.clientState === 'string').toBe(true);
          expect(n.messageId === null || typeof n.messageId === 'string').toBe(true);
        }
        for (const n of lifecycle) expect(['missed', 'reauthorizationRequired', 'subscriptionRemoved']).toContain(n.lifecycleEvent);
      }),
      { numRuns: 3000 },
    );
    // 5,000 notifications in one POST: at most MAX_NOTIFICATIONS_PER_POST are read.
    const flood = { value: Array.from({ length: 5000 }, (_, i) => ({ subscriptionId: 'sub-1', clientState: SECRET, resourceData: { id: `m${i}` } })) };
    expect(parseChangeNotifications(flood).length).toBe(MAX_NOTIFICATIONS_PER_POST);
  });

  it('forged Graph POSTs of any shape answer 2xx/4xx and enqueue nothing', async () => {
    enqueued.length = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(graphish.map((b) => JSON.stringify(b)), fc.string({ maxLength: 500 }), fc.json()), fc.constantFrom('', '/lifecycle'), async (body, path) => {
        const res = await post(`/webhooks/m365${path}`, body);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: 250 },
    );
    expect(enqueued).toEqual([]);
    // The genuine look-alike is accepted.
    const ok = await post('/webhooks/m365', JSON.stringify({ value: [{ subscriptionId: 'sub-1', clientState: SECRET, changeType: 'created', resourceData: { id: 'AAk1' } }] }));
    expect(ok.status).toBe(202);
    expect(enqueued.length).toBe(1);
  });

  it('Google pushes with a valid token and fuzzed data answer 204 and enqueue only well-formed notifications', async () => {
    enqueued.length = 0;
    const token = emu.signer.sign({ aud: AUDIENCE, email: PUSHER, sub: '1' });
    let wellFormed = 0;
    const dataArb = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.anything().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64')),
      fc.record({ emailAddress: fc.oneof(fc.constant('bob@acme.test'), fc.string()), historyId: fc.oneof(fc.nat(), fc.string(), fc.double()) }, { requiredKeys: [] }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64')),
    );
    await fc.assert(
      fc.asyncProperty(dataArb, fc.anything(), async (data, extra) => {
        const before = enqueued.length;
        const res = await post('/webhooks/google', JSON.stringify({ message: { data, extra }, subscription: 's' }), { authorization: `Bearer ${token}` });
        expect(res.status).toBe(204);
        if (enqueued.length > before) {
          wellFormed++;
          const hint = enqueued.at(-1)!.job.trigger;
          expect(hint.kind === 'notification' && /^\d{1,20}$/.test(hint.hint ?? '')).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    expect(enqueued.every((e) => e.job.mailboxId === 'bob')).toBe(true);
    expect(wellFormed).toBe(enqueued.length);
    // The genuine look-alike is enqueued.
    const genuine = Buffer.from(JSON.stringify({ emailAddress: 'bob@acme.test', historyId: 987654 })).toString('base64');
    expect((await post('/webhooks/google', JSON.stringify({ message: { data: genuine }, subscription: 's' }), { authorization: `Bearer ${token}` })).status).toBe(204);
    expect(enqueued.at(-1)!.key).toBe('bob@acme.test:987654');
  });

  it('Google pushes without a valid token are refused whatever the body', async () => {
    enqueued.length = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(''), fc.string({ maxLength: 300 }).map((s) => `Bearer ${s}`), fc.constant('Bearer a.b.c')), fc.json(), async (auth, body) => {
        const res = await post('/webhooks/google', body, auth ? { authorization: auth.replace(/[^\x20-\x7e]/g, '') } : {});
        expect([400, 401]).toContain(res.status);
        await res.arrayBuffer();
      }),
      { numRuns: 150 },
    );
    expect(enqueued).toEqual([]);
  });

  it('the memory receiver takes any JSON without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (body) => {
        const res = await post('/webhooks/memory', body);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: 150 },
    );
  });
});
