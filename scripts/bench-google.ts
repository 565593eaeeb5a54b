/**
 * `npm run bench:google [-- --mailboxes 200 --messages 400 --rate 10]`
 *
 * Delivery → remediation latency for a Google Workspace domain, end to end through the real clients:
 * the Gmail/Directory/Pub/Sub emulator (faithful per-user quota and one-notification-per-second watches),
 * onboarding (delegation check, users, labels, watches), Pub/Sub push with OIDC to POST /webhooks/google on
 * the real app, the embedded service (SQLite, in-process queues), the built-in detectors plus a subject
 * marker so every "[phishing]" message must end quarantined. Latency is measured from the emulator's
 * delivery to the moment the quarantine label lands on that message in the emulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import { BUILTIN_DETECTORS } from '../src/engine/registry.ts';
import { createScanEngine } from '../src/engine/scan-message.ts';
import { createApp } from '../src/http/app.ts';
import { onboardGoogle } from '../src/http/onboarding/google.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { createRuntime } from '../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../src/pipeline/webhook-deps.ts';
import { startGoogleWorld, TOPIC } from '../test/emulators/google/google-world.ts';
import { testMessage, verdictFromSubject } from '../test/helpers/verdict-detector.ts';

const { values: args } = parseArgs({
  options: {
    mailboxes: { type: 'string', default: '200' },
    messages: { type: 'string', default: '400' },
    rate: { type: 'string', default: '10' },
  },
});
const MAILBOXES = Number(args.mailboxes);
const MESSAGES = Number(args.messages);
const RATE = Number(args.rate);
const AUDIENCE = 'https://mailwarden.bench/webhooks/google';
const PUSHER = 'gmail-push@mailwarden-bench.iam.gserviceaccount.com';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN;
};

async function main(): Promise<void> {
  const w = await startGoogleWorld({ userCount: MAILBOXES - 1, domain: 'bench.test' });
  const dir = mkdtempSync(join(tmpdir(), 'mw-bench-google-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SCAN_CONCURRENCY: '8', NOTIFY_CONCURRENCY: '8', REMEDIATE_CONCURRENCY: '4' });
  const engine = createScanEngine({ detectors: [...BUILTIN_DETECTORS, verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
  const rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
  const app = createApp({
    store: rt.store,
    webhooks: { ...createWebhookDeps(rt.store, rt.queues), googlePush: { audience: AUDIENCE, serviceAccountEmails: [PUSHER], certsUrl: w.emu.certsUrl } },
    metrics: rt.metrics, logger: rt.logger, queuesReady: async () => {}, refreshQueueMetrics: async () => {}, devRoutes: false, maxIngestBytes: 1_000_000,
  });
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w.emu.pubsub.createPushSubscription({ name: 'projects/mailwarden-bench/subscriptions/mw', topic: TOPIC, endpoint: `${appUrl}/webhooks/google`, audience: AUDIENCE, serviceAccountEmail: PUSHER });
  await rt.startWorkers();

  const t0 = performance.now();
  const report = await onboardGoogle({ store: rt.store, serviceAccount: w.sa, topicName: TOPIC, publicUrl: appUrl, endpoints: w.connection.endpoints }, { domain: w.domain, adminEmail: w.admin });
  const onboardMs = performance.now() - t0;
  if (report.status !== 'ready' || report.mailboxes.watched !== MAILBOXES) throw new Error(`onboarding incomplete: ${JSON.stringify(report)}`);
  await rt.store.tenants.setPolicy(report.tenantId, { mode: 'enforce' });

  // Remediation time = when the quarantine label lands on the message in the emulator.
  const deliveredAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const address of w.users) {
    const mb = w.emu.mailbox(address);
    const q = mb.labels.list().find((l) => l.name === 'MailWarden/Quarantine')!.id;
    mb.onChange((rec) => {
      const at = deliveredAt.get(rec.messageId);
      if (rec.type === 'labelAdded' && rec.changedLabels.includes(q) && at !== undefined) latencies.push(performance.now() - at);
    });
  }

  let phishing = 0;
  const start = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const address = w.users[(i * 7) % w.users.length];
    const kind = i % 2 === 0 ? 'phishing' : 'clean';
    if (kind === 'phishing') phishing += 1;
    const id = w.emu.deliver([address], Buffer.from(testMessage(kind, i)))[address];
    if (kind === 'phishing') deliveredAt.set(id, performance.now());
  }
  const deadline = Date.now() + 120_000;
  const verdictCount = async () => Object.values(await rt.store.messages.countVerdicts(report.tenantId)).reduce((a, b) => a + b, 0);
  while ((latencies.length < phishing || (await verdictCount()) < MESSAGES) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const wallS = (performance.now() - start) / 1000;
  const total = await verdictCount();

  console.log(JSON.stringify({
    mailboxes: MAILBOXES,
    messages: MESSAGES,
    deliveryRatePerS: RATE,
    onboardingS: +(onboardMs / 1000).toFixed(2),
    quarantined: `${latencies.length}/${phishing}`,
    verdicts: total,
    deliveryToRemediationMs: { p50: Math.round(pct(latencies, 0.5)), p99: Math.round(pct(latencies, 0.99)), max: Math.round(Math.max(...latencies)) },
    pushes: w.emu.pubsub.stats,
    quotaRefusals: [...w.emu.quota.refused.values()].reduce((a, b) => a + b, 0),
    wallS: +wallS.toFixed(1),
  }, null, 2));

  await w.emu.close();
  await rt.close();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  if (latencies.length < phishing || total !== MESSAGES) process.exitCode = 1;
}

await main();
