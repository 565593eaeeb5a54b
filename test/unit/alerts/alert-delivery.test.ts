import { createHmac } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { AppError } from '../../../src/core/errors.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { createDefaultEngine } from '../../../src/engine/default-engine.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { alertJobId, type AlertJob } from '../../../src/alerts/alert-job.ts';
import { phishingMessage } from './phish-fixture.ts';

const waitFor = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('alerts end to end: a scanned phishing message → email (tenant provider), signed webhook, CEF syslog', () => {
  let dir: string;
  let rt: Runtime;
  let hook: Server;
  let udp: Socket;
  const hookCalls: { body: string; sig: string }[] = [];
  const syslog: string[] = [];
  const SECRET = 'webhook-secret-0123456789';

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hookCalls.push({ body, sig: String(req.headers['x-mailwarden-signature']) });
        // The first delivery fails: the queue must retry it.
        res.writeHead(hookCalls.length === 1 ? 503 : 204).end();
      });
    }).listen(0, '127.0.0.1');
    if (!hook.listening) await new Promise((r) => hook.once('listening', r));
    udp = createSocket('udp4').on('message', (m) => syslog.push(m.toString()));
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    dir = mkdtempSync(join(tmpdir(), 'mw-alerts-'));
    const config = loadConfig({
      DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5', RULE_PACKS: 'none',
      ALERT_RECIPIENTS: 'soc@acme.example', ALERT_TRANSPORT: 'provider', ALERT_DIGEST: 'false', DASHBOARD_URL: 'https://mw.acme.example',
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, ALERT_WEBHOOK_SECRET: SECRET,
      SYSLOG_TARGET: `udp://127.0.0.1:${udp.address().port}`,
    });
    const { engine } = await createDefaultEngine({ rulePacks: [] });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: 'acme', name: 'Acme Corp', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    await rt.store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: 'alice', address: 'alice@corp.example' });
    sharedMemoryStore.addMailbox('acme', 'alice', 'alice@corp.example');
    sharedMemoryStore.faults.push({ method: 'sendMail', error: () => new AppError('provider_unavailable', 'graph 503', { retryable: true }), remaining: 1 });
    await rt.startWorkers();
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
    hook?.close();
    udp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('alerts once per sink, retrying failures, with no live malicious link anywhere', async () => {
    const webhooks = createWebhookDeps(rt.store, rt.queues);
    const id = sharedMemoryStore.deliver('acme', 'alice', phishingMessage());
    const ham = sharedMemoryStore.deliver('acme', 'alice', new TextEncoder().encode('From: Bob <bob@corp.example>\r\nTo: alice@corp.example\r\nSubject: lunch\r\n\r\nSee you at noon.\r\n'));
    await webhooks.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: 'alice', trigger: { kind: 'notification', messageIds: [id, ham] }, receivedAt: new Date().toISOString() }, `n:${id}`);
    await waitFor(() => sharedMemoryStore.outbox.length >= 1 && hookCalls.length >= 2 && syslog.length >= 1).catch(async (err) => {
      console.log(await rt.store.messages.countVerdicts(), sharedMemoryStore.outbox.length, hookCalls.length, syslog.length, await rt.queues.alerts.counts(), await rt.store.deadLetters.list({}));
      throw err;
    });
    // One more feed round must not alert again (deliveries are recorded).
    await new Promise((r) => setTimeout(r, 300));
    expect(sharedMemoryStore.outbox).toHaveLength(1);
    const mail = sharedMemoryStore.outbox[0]!;
    expect(mail.to).toEqual(['soc@acme.example']);
    expect(mail.subject).toMatch(/Phishing/);
    expect(mail.html).toMatch(/https:\/\/mw\.acme\.example\/#\/message\/[^/"]+\/acme/);
    expect(`${mail.text}${mail.html}`).not.toContain('paypa1-account-verify.com');
    expect(sharedMemoryStore.faults.find((f) => f.method === 'sendMail')?.remaining ?? 0).toBe(0); // the first attempt failed and was retried

    expect(hookCalls).toHaveLength(2);
    const { body, sig } = hookCalls[1]!;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig)!;
    expect(createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')).toBe(v1);
    const event = JSON.parse(body) as { verdict: string; tenantId: string; rules: string[] };
    expect(event).toMatchObject({ type: 'detection', verdict: 'phishing', tenantId: 'acme' });
    expect(event.rules).toContain('BRAND_DISPLAY_NAME');

    expect(syslog).toHaveLength(1);
    expect(syslog[0]).toMatch(/^<13[0-9]>1 \S+ mailwarden mailwarden - detection - CEF:0\|MailWarden\|MailWarden\|1\.0\|verdict:phishing\|phishing email detected\|8\|/);
    expect(syslog[0]).toContain('duser=alice@corp.example');
  }, 60_000);

  it('the daily digest counts the day\'s verdicts and actions, links only to the dashboard, and is sent once', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const job: AlertJob = { sink: 'digest', tenantId: 'acme', messageKey: `digest:${day}:acme` };
    await rt.queues.alerts.add(job, alertJobId(job));
    await waitFor(() => sharedMemoryStore.outbox.length >= 2);
    await rt.queues.alerts.add(job, `${alertJobId(job)}:again`);
    await new Promise((r) => setTimeout(r, 300));
    expect(sharedMemoryStore.outbox).toHaveLength(2);
    const digest = sharedMemoryStore.outbox[1]!;
    expect(digest.subject).toBe(`[MailWarden] Daily digest ${day} – Acme Corp: 2 detection(s) in 2 message(s)`); // phishing + the terse ham the engine calls suspicious
    expect(digest.text).toMatch(/Messages scanned: 2 \(.*phishing 1/);
    expect(digest.text).toContain('Actions taken: quarantine 1');
    expect(digest.text).toContain('BRAND_DISPLAY_NAME');
    expect(digest.text).toContain('alice[@]corp[.]example');
    for (const u of `${digest.text}${digest.html}`.match(/https?:\/\/[^\s"'<>]+/g) ?? []) expect(u, u).toMatch(/^https:\/\/mw\.acme\.example(\/|$)/);
  }, 30_000);
});
