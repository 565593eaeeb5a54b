/**
 * `npm run bench:google [-- --mailboxes 200 --messages 200 --rate 3]` (3/s is ~13x a 200-user domain's daily average)
 *
 * Delivery → remediation latency for a Google Workspace domain, end to end through the real clients:
 * the Gmail/Directory/Pub/Sub emulator (faithful per-user quota and one-notification-per-second watches),
 * onboarding (delegation check, users, labels, watches), Pub/Sub push with OIDC to POST /webhooks/google on
 * the real app, the embedded service (SQLite, in-process queues), and the default engine (built-in detectors,
 * shipped lists, default MQL pack) plus a subject marker so every "[phishing]" message must end quarantined.
 * Latency runs from the emulator's delivery to the moment the quarantine label lands on that message.
 */
import { parseArgs } from 'node:util';
import { createDefaultEngine } from '../src/engine/default-engine.ts';
import { DEFAULT_PACK_DIR } from '../src/engine/rules/index.ts';
import { createScanEngine } from '../src/engine/scan-message.ts';
import { startGoogleService } from '../test/integration/google/google-service.ts';
import { testMessage, verdictFromSubject } from '../test/helpers/verdict-detector.ts';
import { nearestRank } from './latency-stats.ts';

const { values: args } = parseArgs({
  options: {
    mailboxes: { type: 'string', default: '200' },
    messages: { type: 'string', default: '200' },
    rate: { type: 'string', default: '3' },
  },
});
const MAILBOXES = Number(args.mailboxes);
const MESSAGES = Number(args.messages);
const RATE = Number(args.rate);


async function main(): Promise<void> {
  const def = await createDefaultEngine({ rulePacks: [DEFAULT_PACK_DIR] });
  const engine = createScanEngine({ detectors: [...def.engine.detectors, verdictFromSubject], lists: def.lists });
  const s = await startGoogleService({
    engine, userCount: MAILBOXES - 1, domain: 'bench.test',
    env: { SCAN_CONCURRENCY: '8', NOTIFY_CONCURRENCY: '8', REMEDIATE_CONCURRENCY: '4' },
  });
  const { w, rt } = s;
  w.emu.quota.unitsPerSecond = 250; // Gmail's real per-user limit

  const t0 = performance.now();
  const report = await s.install();
  const onboardMs = performance.now() - t0;
  if (report.status !== 'ready' || report.mailboxes.watched !== MAILBOXES) throw new Error(`onboarding incomplete: ${JSON.stringify(report)}`);
  await s.drained(120_000);

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
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const address = w.users[(i * 7) % w.users.length];
    const kind = i % 2 === 0 ? 'phishing' : 'clean';
    if (kind === 'phishing') phishing += 1;
    const id = w.emu.deliver([address], Buffer.from(testMessage(kind, i)))[address];
    if (kind === 'phishing') deliveredAt.set(id, performance.now());
  }
  const verdictCount = async () => Object.values(await rt.store.messages.countVerdicts(report.tenantId)).reduce((a, b) => a + b, 0);
  const deadline = Date.now() + 180_000;
  while ((latencies.length < phishing || (await verdictCount()) < MESSAGES) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const wallS = (performance.now() - start) / 1000;
  const total = await verdictCount();

  // Mean time per pipeline stage (from the service's own histogram): where the latency goes.
  const stage = (await rt.metrics.stageSeconds.get()).values;
  const stageMeanMs: Record<string, number> = {};
  for (const name of ['notify', 'fetch', 'scan', 'remediate']) {
    const sum = stage.find((v) => v.labels.stage === name && v.metricName?.endsWith('_sum'))?.value ?? 0;
    const count = stage.find((v) => v.labels.stage === name && v.metricName?.endsWith('_count'))?.value ?? 0;
    stageMeanMs[name] = count ? Math.round((1000 * sum) / count) : 0;
  }

  console.log(JSON.stringify({
    mailboxes: MAILBOXES,
    messages: MESSAGES,
    deliveryRatePerS: RATE,
    onboardingS: +(onboardMs / 1000).toFixed(2),
    quarantined: `${latencies.length}/${phishing}`,
    verdicts: total,
    deliveryToRemediationMs: { p50: Math.round(nearestRank(latencies, 0.5)), p99: Math.round(nearestRank(latencies, 0.99)), max: Math.round(Math.max(...latencies)) },
    stageMeanMs,
    pushes: w.emu.pubsub.stats,
    quotaRefusals: [...w.emu.quota.refused.values()].reduce((a, b) => a + b, 0),
    wallS: +wallS.toFixed(1),
  }, null, 2));

  await s.close();
  if (latencies.length < phishing || total !== MESSAGES) process.exitCode = 1;
}

await main();
