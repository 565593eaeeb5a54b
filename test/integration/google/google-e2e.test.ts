import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createApp } from '../../../src/http/app.ts';
import { onboardGoogle } from '../../../src/http/onboarding/google.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { startGoogleWorld, TOPIC, type GoogleWorld } from '../../emulators/google/google-world.ts';
import { signJwt } from '../../emulators/google/oidc-signer.ts';
import { waitFor } from '../../emulators/google/push-receiver.ts';
import { testMessage, verdictFromSubject } from '../../helpers/verdict-detector.ts';

const PUSHER = 'gmail-push@mailwarden-test.iam.gserviceaccount.com';

describe('Google Workspace end to end: emulator ⇄ real clients ⇄ service', () => {
  let w: GoogleWorld;
  let rt: Runtime;
  let server: Server;
  let appUrl: string;
  let dir: string;
  let tenantId: string;
  const delivered: { address: string; id: string; phishing: boolean }[] = [];
  let n = 0;

  const key = (address: string, id: string) => ids.message('google', tenantId, address, id);
  const deliver = (address: string, phishing: boolean) => {
    const id = w.emu.deliver([address], Buffer.from(testMessage(phishing ? 'phishing' : 'clean', n++)))[address];
    delivered.push({ address, id, phishing });
    return id;
  };
  const labelsOf = (address: string, id: string) => [...w.emu.mailbox(address).get(id).labelIds];
  const quarantineLabel = (address: string) => w.emu.mailbox(address).labels.list().find((l) => l.name === 'MailWarden/Quarantine')!.id;
  const allVerdicts = async (list: typeof delivered) => (await Promise.all(list.map((d) => rt.store.messages.verdict(key(d.address, d.id))))).every(Boolean);
  const waitUntil = async (cond: () => Promise<boolean>, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const drained = async () => waitUntil(async () => {
    const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
    return w.emu.watches.idle() && w.emu.pubsub.idle() && counts.every((c) => c.waiting + c.active + c.delayed === 0);
  });

  beforeAll(async () => {
    w = await startGoogleWorld({ userCount: 5 });
    w.emu.pubsub.backoff = { minMs: 50, maxMs: 400 };
    dir = mkdtempSync(join(tmpdir(), 'mw-google-e2e-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '20', CATCHUP_AFTER_MS: '0' });
    const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    const app = createApp({
      store: rt.store,
      webhooks: { ...createWebhookDeps(rt.store, rt.queues), googlePush: { audience: 'https://mailwarden.test/webhooks/google', serviceAccountEmails: [PUSHER], certsUrl: w.emu.certsUrl } },
      metrics: rt.metrics,
      logger: rt.logger,
      queuesReady: async () => {},
      refreshQueueMetrics: async () => {},
      devRoutes: false,
      maxIngestBytes: 1_000_000,
    });
    server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    w.emu.pubsub.createPushSubscription({
      name: 'projects/mailwarden-test/subscriptions/mailwarden', topic: TOPIC, endpoint: `${appUrl}/webhooks/google`,
      audience: 'https://mailwarden.test/webhooks/google', serviceAccountEmail: PUSHER,
    });
    await rt.startWorkers();
  });

  afterAll(async () => {
    await w?.emu.close();
    await rt?.close();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('install: delegation verified, users enumerated, labels made, a watch on INBOX+SENT per mailbox, cursor recorded', async () => {
    const report = await onboardGoogle(
      { store: rt.store, serviceAccount: w.sa, topicName: TOPIC, publicUrl: appUrl, endpoints: w.connection.endpoints },
      { domain: w.domain, adminEmail: w.admin },
    );
    tenantId = report.tenantId;
    expect(report).toMatchObject({ status: 'ready', missingScopes: [], mailboxes: { total: w.users.length, watched: w.users.length, skipped: [] } });
    await rt.store.tenants.setPolicy(tenantId, { mode: 'enforce' });
    for (const address of w.users) {
      expect(w.emu.watches.watches.get(address)).toMatchObject({ topicName: TOPIC, labelIds: ['INBOX', 'SENT'] });
      expect((await rt.store.cursors.get(tenantId, address)).cursor).toBe(String(w.emu.mailbox(address).historyId));
      expect(quarantineLabel(address)).toBeDefined();
    }
    // The immediate notification of each watch arrives and finds nothing to scan.
    await waitFor(() => w.emu.pubsub.stats.acked >= w.users.length, 10_000);
    await drained();
    expect(await rt.store.messages.countVerdicts(tenantId)).toEqual({});
  });

  it('phishing delivered → push → verdict → quarantined; a clean message keeps INBOX', async () => {
    const user = w.users[1];
    const phish = deliver(user, true);
    const clean = deliver(w.users[2], false);
    await waitUntil(() => allVerdicts(delivered));
    await drained();
    expect((await rt.store.messages.verdict(key(user, phish)))?.verdict.verdict).toBe('phishing');
    expect(labelsOf(user, phish)).toContain(quarantineLabel(user));
    expect(labelsOf(user, phish)).not.toContain('INBOX');
    expect((await rt.store.messages.verdict(key(w.users[2], clean)))?.verdict.verdict).toBe('clean');
    expect(labelsOf(w.users[2], clean)).toContain('INBOX');
  });

  it('a forged push naming a real mailbox is refused and scans nothing', async () => {
    const before = (await rt.queues.notifications.counts()).completed;
    const now = Math.floor(Date.now() / 1000);
    const forged = signJwt({ alg: 'RS256', kid: w.emu.signer.kid }, { iss: 'https://accounts.google.com', aud: 'https://mailwarden.test/webhooks/google', email: PUSHER, email_verified: true, sub: '1', iat: now, exp: now + 3600 }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const res = await fetch(`${appUrl}/webhooks/google`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify({ message: { data: Buffer.from(JSON.stringify({ emailAddress: w.users[1], historyId: 999999 })).toString('base64'), messageId: '1' }, subscription: 'x' }),
    });
    expect(res.status).toBe(401);
    await drained();
    expect((await rt.queues.notifications.counts()).completed).toBe(before);
  });

  it('pushes dropped, duplicated and reordered: every delivered message still gets exactly one verdict', async () => {
    const start = delivered.length;
    w.emu.pubsub.faults({ drop: 3, duplicate: 3, reorder: true });
    for (let i = 0; i < 24; i++) {
      deliver(w.users[i % w.users.length], i % 2 === 0);
      if (i % 6 === 5) await new Promise((r) => setTimeout(r, 1100)); // let each mailbox's once-a-second push go out
    }
    await new Promise((r) => setTimeout(r, 1100));
    w.emu.pubsub.faults({ reorder: false });
    await drained();
    expect(w.emu.pubsub.stats.dropped).toBe(3);
    expect(w.emu.pubsub.stats.duplicated).toBe(3);
    // The polling fallback (scheduler catch-up) picks up whatever a dropped push hid.
    await rt.queues.maintenance.add({ task: 'catch-up', slot: 1 }, ids.maintenance('catch-up', 1));
    await waitUntil(() => allVerdicts(delivered.slice(start)));
    await drained();
    const counts = await rt.store.messages.countVerdicts(tenantId);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(delivered.length);
    for (const d of delivered) {
      const actions = await rt.store.actions.forMessage(key(d.address, d.id));
      expect(actions.map((a) => `${a.action}:${a.status}`)).toEqual(d.phishing ? ['quarantine:done'] : []);
      expect(labelsOf(d.address, d.id).includes('INBOX')).toBe(!d.phishing);
    }
  });
});
