/**
 * Fault suite, process half: a worker process (`serve --role worker`, Redis + PostgreSQL, enforce mode) is
 * SIGKILLed while it waits on the provider's answer; a second worker then finishes the run. The provider does
 * the work of a call at once and answers after a round trip (latency injected in the served store), so the
 * victim dies with work done at the provider that it never recorded: its jobs are taken over once their locks
 * lapse and find the work already done. Invariant afterwards: every delivered message has exactly one verdict,
 * at most one executed action, and each quarantined one is sealed in the vault. Prints a summary line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeliveryInvariant, expectDeliveryInvariant, faultsSummary } from '../helpers/delivery-invariant.ts';
import { startWorkerCluster, type WorkerCluster } from '../helpers/worker-cluster.ts';

const N = 48;

/** Mail the workers' real engine (built-in detectors) quarantines, or leaves alone: every other message. */
function mail(i: number): { raw: Uint8Array; phishing: boolean } {
  const phishing = i % 2 === 0;
  const head = phishing
    ? `From: "Microsoft 365" <security@login-micros0ft.example>\r\nSubject: Invoice overdue, verify your account now #${i}`
    : `From: Sam Partner <sam@partner.example>\r\nSubject: Lunch on Friday #${i}`;
  const body = phishing
    ? '<p>Your mailbox will be suspended. <a href="https://login-micros0ft.example/verify">Verify now</a></p>'
    : '<p>Shall we meet at noon? The usual place.</p>';
  const raw = `${head}\r\nTo: user@corp.example\r\nMessage-ID: <kill${i}@faults.example>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${body}\r\n`;
  return { raw: new TextEncoder().encode(raw), phishing };
}
const MAILBOXES = 8;
const LATENCY_MS = 150;

describe('faults: a worker process SIGKILLed mid-job', () => {
  let c: WorkerCluster;

  beforeAll(async () => {
    c = await startWorkerCluster({
      name: 'mwkill',
      mailboxes: MAILBOXES,
      mode: 'enforce',
      env: { QUEUE_LOCK_MS: '2000', JOB_BACKOFF_MS: '100', JOB_BACKOFF_MAX_MS: '1000', SCAN_CONCURRENCY: '4', NOTIFY_CONCURRENCY: '4' },
    });
    c.provider.latencyMs = LATENCY_MS;
  }, 60_000);
  afterAll(() => c?.close());

  const inFlight = () => [...c.provider.inFlight.values()].reduce((a, b) => a + b, 0);
  const until = async (what: string, cond: () => Promise<boolean> | boolean) => {
    const end = Date.now() + 150_000;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${c.logs.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('every delivered message: one verdict, at most one executed action, quarantined ones in the vault', async () => {
    // The victim runs alone at first, so a provider call in flight is certainly one of its jobs.
    const victim = (await c.spawnWorker({ metrics: true })).child;
    const sent = Array.from({ length: N }, (_, i) => {
      const mailbox = `u${i % MAILBOXES}`;
      const { raw, phishing } = mail(i);
      return { mailbox, id: c.mail.deliver('acme', mailbox, raw), phishing };
    });
    await Promise.all(sent.map(({ mailbox, id }) => c.announce(mailbox, id)));
    await until('the victim mid-run with provider calls in flight', async () => (await c.verdicts()) >= N / 4 && inFlight() > 0);
    const heldAtKill = inFlight();
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    const atKill = await c.verdicts();
    expect(heldAtKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(N);

    await c.spawnWorker({ metrics: true });
    await until(`${N} verdicts`, async () => (await c.verdicts()) >= N);
    await until('every queue drained', async () => {
      const counts = await Promise.all([c.queues.notifications, c.queues.scan, c.queues.remediate].map((q) => q.counts()));
      return counts.every((n) => n.waiting + n.active + n.delayed === 0) && inFlight() === 0;
    });

    const keys = sent.map(({ mailbox, id }) => c.messageKey(mailbox, id));
    const r = await checkDeliveryInvariant(c.store.db, keys);
    expectDeliveryInvariant(r);
    // Exactly the phishing half was quarantined; the rest stayed in the inbox.
    for (const s of sent) expect(c.mail.location('acme', s.mailbox, s.id)).toBe(s.phishing ? 'quarantine' : 'inbox');
    expect(r.destructive).toBe(N / 2);
    expect(await c.store.deadLetters.list()).toEqual([]);
    // Provider work the victim had started without hearing back, done again by the survivor (a quarantine
    // fetches the raw copy for the vault once more, hence N + destructive for a run without repeats).
    const repeated = c.mail.count('fetchRaw') - N - r.destructive;
    expect(repeated).toBeGreaterThanOrEqual(0);
    console.log(faultsSummary('worker SIGKILL', { [`worker process SIGKILLed with ${heldAtKill} provider call${heldAtKill === 1 ? "" : "s"} unanswered`]: 1 }, r, `verdicts before the kill ${atKill}, fetches repeated after it ${repeated}`));
  }, 200_000);
});
