/**
 * `npm run bench:m365 [-- --mailboxes 200 --messages 300 --rate 5 --detectors builtin|marker]`
 *
 * Delivery → remediation latency for a Microsoft 365 tenant, end to end through the real SDKs (MSAL and the
 * Graph client) over HTTPS: the Graph + Entra ID emulator (4 concurrent / 10,000 per 10 min per mailbox,
 * batched notifications), admin consent and onboarding, POST /webhooks/m365 on the real app, the embedded
 * service (SQLite, in-process queues), the built-in detectors plus a subject marker so every "[phishing]"
 * message must end quarantined. Latency runs from the emulator's delivery to the moment the message lands in
 * the hidden quarantine folder; delivery → verdict is measured for every message.
 */
import { parseArgs } from 'node:util';
import { BUILTIN_DETECTORS } from '../src/engine/registry.ts';
import { ids } from '../src/pipeline/jobs.ts';
import { testMessage, verdictFromSubject } from '../test/helpers/verdict-detector.ts';
import { startM365World, waitUntil } from '../test/integration/m365/m365-world.ts';
import { ensureTrustedTls } from '../test/emulators/tls/trust-or-reexec.ts';
import { nearestRank } from './latency-stats.ts';

ensureTrustedTls();

const { values: args } = parseArgs({
  options: {
    mailboxes: { type: 'string', default: '200' },
    messages: { type: 'string', default: '300' },
    rate: { type: 'string', default: '5' },
    /** `marker` runs only the subject marker, to separate pipeline cost from detector cost. */
    detectors: { type: 'string', default: 'builtin' },
  },
});
const MAILBOXES = Number(args.mailboxes);
const MESSAGES = Number(args.messages);
const RATE = Number(args.rate);


async function main(): Promise<void> {
  const w = await startM365World({
    users: MAILBOXES,
    detectors: args.detectors === 'marker' ? [verdictFromSubject] : [...BUILTIN_DETECTORS, verdictFromSubject],
    env: { SCAN_CONCURRENCY: '16', NOTIFY_CONCURRENCY: '16', REMEDIATE_CONCURRENCY: '16' },
  });
  try {
    const t0 = Date.now();
    const report = await w.consent();
    const onboardMs = Date.now() - t0;
    if (report.status !== 'ready' || report.mailboxes.subscribed !== MAILBOXES) throw new Error(`onboarding: ${JSON.stringify(report.mailboxes)}`);
    await w.rt.store.tenants.setPolicy(report.tenantId, { mode: 'enforce' });

    const deliveredAt = new Map<string, number>();
    const quarantinedAt = new Map<string, number>();
    w.emu.store.onChange((msg, folderId, kind) => {
      if (kind !== 'created' || !deliveredAt.has(msg.immutableId)) return;
      const f = w.emu.store.folders.get(folderId);
      if (f?.displayName === 'MailWarden Quarantine') {
        if (!quarantinedAt.has(msg.immutableId)) quarantinedAt.set(msg.immutableId, Date.now());
      }
    });
    const list: { mailboxId: string; id: string; phishing: boolean }[] = [];
    const sendStart = Date.now();
    for (let i = 0; i < MESSAGES; i++) {
      const due = sendStart + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const u = w.users[i % MAILBOXES];
      const phishing = i % 3 === 0;
      const m = w.emu.control.deliver(u.id, Buffer.from(testMessage(phishing ? 'phishing' : 'clean', i)));
      deliveredAt.set(m.immutableId, Date.now());
      list.push({ mailboxId: u.id, id: m.immutableId, phishing });
    }
    const key = (d: (typeof list)[number]) => ids.message('m365', report.tenantId, d.mailboxId, d.id);
    await waitUntil(() => list.filter((d) => d.phishing).every((d) => quarantinedAt.has(d.id)), 300_000, 'every phishing message quarantined');
    await waitUntil(async () => (await Promise.all(list.map((d) => w.rt.store.messages.verdict(key(d))))).every(Boolean), 300_000, 'every verdict');
    const verdictLatency: number[] = [];
    for (const d of list) {
      const v = await w.rt.store.messages.verdict(key(d));
      if (v) verdictLatency.push(v.scannedAt.getTime() - deliveredAt.get(d.id)!);
    }
    const remediation = list.filter((d) => d.phishing).map((d) => quarantinedAt.get(d.id)! - deliveredAt.get(d.id)!);
    const cleanInInbox = list.filter((d) => !d.phishing).every((d) => w.emu.control.folderOf(d.id) === 'inbox');
    const stats = w.emu.throttle.stats();
    const peak = Math.max(...Object.values(stats).map((s) => s.peak));
    console.log(`m365 bench: ${MAILBOXES} mailboxes, ${MESSAGES} messages at ${RATE}/s (${remediation.length} phishing), onboarding ${onboardMs} ms`);
    console.log(`delivery → remediation (quarantine)  p50 ${nearestRank(remediation, 0.5)} ms   p99 ${nearestRank(remediation, 0.99)} ms   max ${Math.max(...remediation)} ms`);
    if (verdictLatency.length) console.log(`delivery → verdict                   p50 ${nearestRank(verdictLatency, 0.5)} ms   p99 ${nearestRank(verdictLatency, 0.99)} ms`);
    console.log(`graph requests ${w.emu.requestLog.length}, 429s ${w.emu.requestLog.filter((r) => r.status === 429).length}, peak concurrency per mailbox ${peak}, notifications delivered ${w.emu.notifier.stats.delivered} in ${w.emu.notifier.stats.posts} POSTs`);
    console.log(`clean messages left in the Inbox: ${cleanInInbox ? 'all' : 'NOT ALL'}`);
    if (!cleanInInbox || peak > 4) process.exitCode = 1;
  } finally {
    await w.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
