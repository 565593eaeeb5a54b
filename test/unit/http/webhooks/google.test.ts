import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { googleWebhook } from '../../../../src/http/webhooks/google.ts';
import type { NotificationJob, WebhookDeps } from '../../../../src/pipeline/ports.ts';
import { OidcSigner, signJwt } from '../../../emulators/google/oidc-signer.ts';
import { GoogleEmulator } from '../../../emulators/google/google-emulator.ts';

const AUDIENCE = 'https://mailwarden.test/webhooks/google';
const PUSHER = 'gmail-push@mailwarden-test.iam.gserviceaccount.com';

let emu: GoogleEmulator;
let server: Server;
let url: string;
const enqueued: { job: NotificationJob; key: string }[] = [];
let queueDown = false;

beforeAll(async () => {
  emu = await GoogleEmulator.start(); // serves the certs the verifier reads
  const deps: WebhookDeps = {
    findSubscription: async () => null,
    findMailboxByAddress: async (_p, address) => (address === 'bob@acme.test' ? { tenantId: 't1', mailboxId: 'bob@acme.test' } : null),
    enqueueNotification: async (job, key) => {
      if (queueDown) throw new Error('redis down');
      enqueued.push({ job, key });
    },
    googlePush: { audience: AUDIENCE, serviceAccountEmails: [PUSHER], certsUrl: emu.certsUrl },
  };
  const app = express();
  app.use('/webhooks/google', googleWebhook(deps));
  app.use('/unconfigured', googleWebhook({ ...deps, googlePush: undefined }));
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await emu.close();
});

const body = (data: object) => JSON.stringify({
  message: { data: Buffer.from(JSON.stringify(data)).toString('base64'), messageId: '1', publishTime: new Date().toISOString(), attributes: {} },
  subscription: 'projects/p/subscriptions/s',
});
const push = (token: string | null, data: object = { emailAddress: 'bob@acme.test', historyId: 1234 }, path = '/webhooks/google') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body(data) });
const valid = (over: { aud?: string; email?: string } = {}) => emu.signer.sign({ aud: over.aud ?? AUDIENCE, email: over.email ?? PUSHER, sub: '1234567890' });

describe('POST /webhooks/google', () => {
  it('a genuine push is enqueued once per (address, historyId) and answered 204', async () => {
    enqueued.length = 0;
    const res = await push(valid());
    expect(res.status).toBe(204);
    expect(enqueued).toEqual([{
      job: { provider: 'google', tenantId: 't1', mailboxId: 'bob@acme.test', trigger: { kind: 'notification', hint: '1234' }, receivedAt: expect.any(String) },
      key: 'bob@acme.test:1234',
    }]);
    // Pub/Sub redelivers the same notification: same dedupe key, so the queue collapses it.
    expect((await push(valid())).status).toBe(204);
    expect(enqueued.map((e) => e.key)).toEqual(['bob@acme.test:1234', 'bob@acme.test:1234']);
  });

  it('rejects a bad signature (same kid, another key) and scans nothing', async () => {
    enqueued.length = 0;
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const now = Math.floor(Date.now() / 1000);
    const forged = signJwt({ alg: 'RS256', kid: emu.signer.kid, typ: 'JWT' }, { iss: 'https://accounts.google.com', aud: AUDIENCE, email: PUSHER, email_verified: true, sub: '1', iat: now, exp: now + 3600 }, other);
    const res = await push(forged);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'bad_token' });
    expect(enqueued).toEqual([]);
  });

  it('rejects a genuine token for another audience', async () => {
    enqueued.length = 0;
    expect((await push(valid({ aud: 'https://attacker.test/push' }))).status).toBe(401);
    expect(enqueued).toEqual([]);
  });

  it('rejects an expired token: past the leeway (inside the library skew) and long expired', async () => {
    enqueued.length = 0;
    const now = Math.floor(Date.now() / 1000);
    const justExpired = emu.signer.sign({ aud: AUDIENCE, email: PUSHER, sub: '1' }, { issuedAtSec: now - 3660, lifetimeSec: 3600 });
    const r1 = await push(justExpired);
    expect(r1.status).toBe(401);
    expect(await r1.json()).toEqual({ error: 'expired' });
    const longExpired = emu.signer.sign({ aud: AUDIENCE, email: PUSHER, sub: '1' }, { issuedAtSec: now - 7200, lifetimeSec: 3600 });
    expect((await push(longExpired)).status).toBe(401);
    // Expired 10 s ago is within the 30 s leeway: accepted.
    const withinLeeway = emu.signer.sign({ aud: AUDIENCE, email: PUSHER, sub: '1' }, { issuedAtSec: now - 3610, lifetimeSec: 3600 });
    expect((await push(withinLeeway)).status).toBe(204);
    expect(enqueued).toHaveLength(1);
  });

  it('rejects a token from another service account, one signed by keys Google does not serve, and no token at all', async () => {
    enqueued.length = 0;
    expect((await push(valid({ email: 'someone@evil.iam.gserviceaccount.com' }))).status).toBe(401);
    const foreign = new OidcSigner();
    expect((await push(foreign.sign({ aud: AUDIENCE, email: PUSHER, sub: '1' }))).status).toBe(401);
    expect((await push(null)).status).toBe(401);
    expect(enqueued).toEqual([]);
  });

  it('acknowledges pushes for unknown mailboxes and malformed data without enqueueing', async () => {
    enqueued.length = 0;
    expect((await push(valid(), { emailAddress: 'stranger@other.test', historyId: 5 })).status).toBe(204);
    expect((await push(valid(), { emailAddress: 'bob@acme.test', historyId: 'drop table' })).status).toBe(204);
    expect(enqueued).toEqual([]);
  });

  it('answers 503 when the queue cannot take the job (Pub/Sub retries), and when not configured', async () => {
    queueDown = true;
    try {
      expect((await push(valid())).status).toBe(503);
    } finally {
      queueDown = false;
    }
    expect((await push(valid(), undefined, '/unconfigured')).status).toBe(503);
  });
});
