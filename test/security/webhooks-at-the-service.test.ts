/**
 * Forged and replayed webhooks against the service as it runs (real app, SQLite store with sealed secrets,
 * the embedded queues, the Google OIDC emulator), then the secrets hunted in the logs and in the database files.
 * No worker runs, so every job a webhook enqueues stays countable in the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load.ts';
import { createApp } from '../../src/http/app.ts';
import { createScanEngine } from '../../src/engine/scan-message.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../src/pipeline/webhook-deps.ts';
import { GoogleEmulator } from '../emulators/google/google-emulator.ts';
import { signJwt } from '../emulators/google/oidc-signer.ts';

const CLIENT_STATE = 'cs-Zq81-very-secret-client-state-7f3e9a';
const OTHER_STATE = 'cs-other-tenant-secret-44c1b0';
const TENANT_SECRET = 'azure-app-secret-Hk3~pQ9.wX2_never-in-clear';
const AUDIENCE = 'https://mailwarden.test/webhooks/google';
const PUSHER = 'gmail-push@mailwarden-test.iam.gserviceaccount.com';
/** Values webhook traffic carries that must never reach a log line. */
const VALIDATION_TOKEN = 'Validation: Token-5c2e-opaque-graph-handshake-91ab';
const FORGED_STATE = 'forged-client-state-d41d8cd98f00b204';

let dir: string;
let rt: Runtime;
let emu: GoogleEmulator;
let server: Server;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mw-sec-'));
  emu = await GoogleEmulator.start();
  const logger = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => { logs.push(String(c)); cb(); } }) });
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'debug' });
  const engine = createScanEngine({ detectors: [], lists: { get: () => new Set(), has: () => false } });
  rt = await createRuntime(config, { engine, logger, metrics: createMetrics() });
  await rt.store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'm365', settings: { clientId: 'app-1', clientSecret: TENANT_SECRET } });
  await rt.store.tenants.upsert({ id: 'globex', name: 'Globex', provider: 'google', settings: {} });
  await rt.store.mailboxes.upsert({ tenantId: 'acme', provider: 'm365', mailboxId: 'u1', address: 'u1@acme.test' });
  await rt.store.mailboxes.upsert({ tenantId: 'acme', provider: 'm365', mailboxId: 'u2', address: 'u2@acme.test' });
  await rt.store.mailboxes.upsert({ tenantId: 'globex', provider: 'google', mailboxId: 'bob', address: 'bob@globex.test' });
  const expiresAt = new Date(Date.now() + 3600_000);
  await rt.store.subscriptions.save('m365', 'acme', 'u1', { id: 'sub-1', expiresAt, secret: CLIENT_STATE });
  await rt.store.subscriptions.save('m365', 'acme', 'u2', { id: 'sub-2', expiresAt, secret: OTHER_STATE });
  const app = createApp({
    store: rt.store,
    webhooks: createWebhookDeps(rt.store, rt.queues, { googlePush: { audience: AUDIENCE, serviceAccountEmails: [PUSHER], certsUrl: emu.certsUrl } }),
    metrics: rt.metrics,
    logger,
    queuesReady: async () => {},
    refreshQueueMetrics: async () => {},
    devRoutes: false,
    maxIngestBytes: 65536,
  });
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rt.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const change = (sub: string, state: string | undefined, id = 'AAk1') => ({ value: [{ subscriptionId: sub, clientState: state, changeType: 'created', resourceData: { id } }] });
const lifecycle = (sub: string, state: string | undefined, event = 'reauthorizationRequired') => ({ value: [{ subscriptionId: sub, clientState: state, lifecycleEvent: event }] });
const gmail = (emailAddress: string, historyId: number) => ({ message: { data: Buffer.from(JSON.stringify({ emailAddress, historyId })).toString('base64'), messageId: '1' }, subscription: 's' });
const waiting = async () => (await rt.queues.notifications.counts()).waiting;

describe('webhooks at the service: forged, replayed, and what is left behind', () => {
  it('forged webhooks of every kind are refused and enqueue nothing', async () => {
    const now = Math.floor(Date.now() / 1000);
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forgedSignature = signJwt({ alg: 'RS256', kid: emu.signer.kid, typ: 'JWT' }, { iss: 'https://accounts.google.com', aud: AUDIENCE, email: PUSHER, email_verified: true, sub: '1', iat: now, exp: now + 3600 }, otherKey);
    const attempts: [string, unknown, Record<string, string>][] = [
      ['/webhooks/m365', change('sub-1', 'guess'), {}],
      ['/webhooks/m365', change('sub-1', undefined), {}],
      ['/webhooks/m365', change('sub-1', OTHER_STATE), {}], // another mailbox's secret
      ['/webhooks/m365', change('sub-404', CLIENT_STATE), {}], // unknown subscription
      ['/webhooks/m365/lifecycle', lifecycle('sub-1', 'guess'), {}],
      ['/webhooks/m365/lifecycle', lifecycle('sub-1', undefined, 'subscriptionRemoved'), {}],
      ['/webhooks/google', gmail('bob@globex.test', 100), {}],
      ['/webhooks/google', gmail('bob@globex.test', 101), { authorization: `Bearer ${forgedSignature}` }],
      ['/webhooks/google', gmail('bob@globex.test', 102), { authorization: `Bearer ${emu.signer.sign({ aud: 'https://evil.test/', email: PUSHER, sub: '1' })}` }],
      ['/webhooks/google', gmail('bob@globex.test', 103), { authorization: `Bearer ${emu.signer.sign({ aud: AUDIENCE, email: 'attacker@evil.iam.gserviceaccount.com', sub: '1' })}` }],
      ['/webhooks/google', gmail('bob@globex.test', 104), { authorization: `Bearer ${emu.signer.sign({ aud: AUDIENCE, email: PUSHER, sub: '1' }, { issuedAtSec: now - 7300, lifetimeSec: 3600 })}` }],
      ['/webhooks/memory', { address: 'u1@acme.test' }, {}], // the dev receiver is not mounted outside development
      ['/dev/ingest', { raw: 'x' }, {}],
    ];
    for (const [path, body, headers] of attempts) {
      const res = await post(path, body, headers);
      expect(res.status, path).not.toBe(200);
      expect([202, 204, 401, 404]).toContain(res.status);
      await res.arrayBuffer();
    }
    expect(await waiting()).toBe(0);
    // Forged lifecycle events did not mark the subscription due for renewal.
    expect((await rt.store.subscriptions.find('m365', 'sub-1'))!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000_000);
  });

  it('replayed pushes collapse: each genuine notification is one job however often it arrives', async () => {
    const token = emu.signer.sign({ aud: AUDIENCE, email: PUSHER, sub: '1' });
    for (let i = 0; i < 3; i++) {
      expect((await post('/webhooks/google', gmail('bob@globex.test', 555), { authorization: `Bearer ${token}` })).status).toBe(204);
      expect((await post('/webhooks/m365', change('sub-1', CLIENT_STATE, 'AAk-replay'))).status).toBe(202);
      expect((await post('/webhooks/m365/lifecycle', lifecycle('sub-1', CLIENT_STATE, 'missed'))).status).toBe(202);
    }
    expect(await waiting()).toBe(3);
    // A new historyId / new message is new work.
    expect((await post('/webhooks/google', gmail('bob@globex.test', 556), { authorization: `Bearer ${token}` })).status).toBe(204);
    expect((await post('/webhooks/m365', change('sub-1', CLIENT_STATE, 'AAk-next'))).status).toBe(202);
    expect(await waiting()).toBe(5);
  });

  it('webhook traffic is logged through the app logger: handshakes, rejections and lifecycle events', async () => {
    for (const path of ['/webhooks/m365', '/webhooks/m365/lifecycle']) {
      const res = await fetch(`${base}${path}?validationToken=${encodeURIComponent(VALIDATION_TOKEN)}`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(VALIDATION_TOKEN);
    }
    expect((await post('/webhooks/m365', change('sub-1', FORGED_STATE, 'AAk-forged'))).status).toBe(202);
    expect((await post('/webhooks/m365/lifecycle', lifecycle('sub-2', OTHER_STATE, 'missed'))).status).toBe(202);
    expect((await post('/webhooks/google', gmail('bob@globex.test', 700), { authorization: `Bearer ${emu.signer.sign({ aud: 'https://evil.test/', email: PUSHER, sub: '1' })}` })).status).toBe(401);
    const entries = logs.flatMap((l) => l.split('\n')).filter(Boolean).map((l) => JSON.parse(l) as { component?: string; msg: string });
    const m365 = entries.filter((e) => e.component === 'webhooks.m365').map((e) => e.msg);
    expect(m365.filter((m) => m === 'graph subscription validation answered')).toHaveLength(2);
    expect(m365).toContain('graph notification with a wrong clientState ignored');
    expect(m365).toContain('graph lifecycle event');
    expect(entries.filter((e) => e.component === 'webhooks.google').map((e) => e.msg)).toContain('gmail push rejected');
  });

  it('secrets are absent from the logs and from the database files in clear', async () => {
    const text = logs.join('');
    expect(text.length).toBeGreaterThan(0);
    // Tenant secrets, every clientState (right, wrong, another mailbox's), Graph validation tokens.
    for (const secret of [CLIENT_STATE, OTHER_STATE, TENANT_SECRET, FORGED_STATE, VALIDATION_TOKEN, encodeURIComponent(VALIDATION_TOKEN)]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/);
    // Every file the store wrote (database, WAL, vault) holds the secrets only sealed.
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(join(f.parentPath, f.name));
      for (const secret of [CLIENT_STATE, OTHER_STATE, TENANT_SECRET]) {
        expect(bytes.includes(Buffer.from(secret)), `${f.name} holds a secret in clear`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${f.name} holds a secret in clear`).toBe(false);
      }
    }
    // ...and the store still opens them: sealed, not lost.
    expect((await rt.store.subscriptions.find('m365', 'sub-1'))!.secret).toBe(CLIENT_STATE);
    expect((await rt.store.tenants.get('acme'))!.settings.clientSecret).toBe(TENANT_SECRET);
  });
});
