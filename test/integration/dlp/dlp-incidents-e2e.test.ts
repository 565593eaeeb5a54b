import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertJobId, type AlertJob } from '../../../src/alerts/alert-job.ts';
import { openDlpIncident, type ScanOutcome } from '../../../src/pipeline/dlp-incident-open.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { currentPolicy } from '../../../src/policy/store-port.ts';
import { dlpIncidentsRepo } from '../../../src/store/dlp-incidents-repo.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../../helpers/pg-schema.ts';
import { luhnComplete } from '../../../scripts/dlp-corpus.ts';
import { filesUnder, startDlpWorld, waitUntil, type DlpWorld } from './m365-dlp-world.ts';

/** A Luhn-valid Visa number made for this run (not a published test number). */
function cardNumber(): string {
  return luhnComplete(`4${String(Date.now()).slice(-9)}${Math.floor(Math.random() * 1e5).toString().padStart(5, '0')}`);
}

const CARD = cardNumber();
const SPACED = CARD.replace(/(\d{4})(?=\d)/g, '$1 ');
const LAST4 = CARD.slice(-4);

const backends: [string, () => Record<string, string>][] = [
  ['SQLite + in-process queues', () => ({})],
  ['PostgreSQL + Redis (bull)', () => ({ DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: uniqueSchema('mwdlp'), REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: `mwdlp-${randomBytes(4).toString('hex')}` })],
];

describe.each(backends)('DLP incidents end to end on the Microsoft 365 emulator (%s): Sent Items → incident → alert, notice, sent copy removed', (_name, backend) => {
  const env = backend();
  let w: DlpWorld;
  let messageKey = '';
  let sentId = '';
  const inbox = (userId: string) => [...w.emu.store.messages.values()].filter((m) => m.userId === userId && w.emu.control.folderOf(m.immutableId) === 'inbox');
  const alertsToSoc = () => inbox(w.users.soc.id).filter((m) => m.subject.startsWith('[MailWarden] Sensitive data sent'));
  const noticesToAlice = () => inbox(w.users.alice.id).filter((m) => m.subject.startsWith('Sensitive data in your message'));

  beforeAll(async () => {
    w = await startDlpWorld({ mode: 'enforce', dlp: { incidentActions: ['alert', 'notifySender', 'removeSentCopy'] } }, env);
  }, 60_000);
  afterAll(async () => {
    await w?.stop();
    w?.cleanup();
    if (env.DATABASE_SCHEMA) await dropSchema(env.DATABASE_SCHEMA);
  });

  it('an outbound card number becomes one incident: one alert to the security team, one notice to the sender, the sent copy purged into the vault', async () => {
    const { alice } = w.users;
    const mime = [
      `From: Alice <${alice.mail}>`, 'To: Buyer <buyer@partner.example>', 'Cc: accounts@partner.example', 'Subject: Order for Friday',
      'Message-ID: <order-1@contoso.example>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
      `Hi, please charge the order to ${SPACED}, expiry 04/29.`, '',
    ].join('\r\n');
    // What Outlook does on send: the message lands in Sent Items, which the subscription watches.
    sentId = w.emu.control.deliver(alice.id, mime, 'sentitems').immutableId;
    messageKey = ids.message('m365', w.tenantId, alice.id, sentId);
    await waitUntil(async () => (await w.rt.store.messages.verdict(messageKey)) !== null, 30_000, 'the verdict');
    await waitUntil(() => alertsToSoc().length >= 1 && noticesToAlice().length >= 1 && w.emu.control.folderOf(sentId) === null, 30_000, 'the incident actions');
    await w.drained();

    const repo = dlpIncidentsRepo(w.rt.store.db);
    const { items } = await repo.list(w.tenantId, { limit: 50 });
    expect(items).toHaveLength(1);
    const incident = items[0]!;
    expect(incident).toMatchObject({
      messageKey, sender: alice.mail, recipients: ['buyer@partner.example', 'accounts@partner.example'], subject: 'Order for Friday',
      status: 'open', matchCount: 1, mailboxAddress: alice.mail,
    });
    expect(incident.rules.map((r) => r.rule)).toEqual(['DLP_PAYMENT_CARD']);
    expect(incident.rules[0]!.evidence.join(' ')).toContain(`************${LAST4}`);
    expect(Object.fromEntries(incident.actions.map((a) => [a.action, a.status]))).toEqual({ alert: 'done', notifySender: 'done', removeSentCopy: 'done' });

    // The security team: one alert, masked, from the configured sender.
    const [alert] = alertsToSoc();
    expect(alertsToSoc()).toHaveLength(1);
    const alertText = alert!.raw.toString('utf8');
    expect(alertText).toContain('DLP_PAYMENT_CARD');
    expect(alertText).toContain(`************${LAST4}`);
    expect(alert!.from.address.toLowerCase()).toBe(w.users.security.mail);
    // The sender: one plain notice that explains and names no value.
    expect(noticesToAlice()).toHaveLength(1);
    const notice = noticesToAlice()[0]!.raw.toString('utf8');
    expect(notice).toContain('Payment card number');
    expect(notice).toContain('Sent Items');
    // The sent copy: gone from the mailbox, sealed in the vault, byte for byte.
    expect(w.emu.control.folderOf(sentId)).toBeNull();
    expect(Buffer.from((await w.rt.store.vault.open(messageKey))!).toString('utf8')).toContain(SPACED);
    expect((await w.rt.store.actions.forMessage(messageKey)).map((a) => `${a.action}:${a.status}`)).toEqual(['purge:done']);
    // Each action audited, by the DLP actor.
    const audit = (await w.rt.store.actions.auditFor(messageKey)).map((a) => `${a.actor}:${a.action}`);
    expect(audit.sort()).toEqual(['dlp:dlp-alert', 'dlp:dlp-incident', 'dlp:dlp-notify-sender', 'dlp:purge']);
    // The alert and the notice went out through security's mailbox (its Sent Items are watched too): they
    // opened no incident of their own.
    expect((await repo.list(w.tenantId, { limit: 50 })).items).toHaveLength(1);
  }, 90_000);

  it('replays create nothing twice: a catch-up sync, a re-run scan job, re-run alert jobs, a scan replayed before its verdict', async () => {
    const { rt } = w;
    const alice = w.users.alice;
    // A worker that died between opening the incident and recording the verdict scans again and lands here again.
    const stored = (await rt.store.messages.verdict(messageKey))!;
    const mailbox = (await rt.ctx.directory.mailbox(w.tenantId, alice.id))!;
    const policy = (await currentPolicy(rt.store, w.tenantId))!;
    const model = { sender: { display_name: null, email: { email: alice.mail } }, recipients: { to: [], cc: [], bcc: [] }, subject: { subject: 'Order for Friday' } } as unknown as ScanOutcome['model'];
    await openDlpIncident(rt.ctx, { provider: 'm365', tenantId: w.tenantId, mailboxId: alice.id, messageId: sentId, direction: 'outbound', messageKey, receivedAt: Date.now() }, mailbox, { verdict: stored.verdict, model }, policy);
    await rt.queues.maintenance.add({ task: 'catch-up', slot: 7 }, ids.maintenance('catch-up', 7));
    await rt.queues.scan.add({ provider: 'm365', tenantId: w.tenantId, mailboxId: alice.id, messageId: sentId, direction: 'outbound', messageKey, receivedAt: Date.now() }, `replay-${messageKey}`);
    for (const sink of ['dlp-alert', 'dlp-notice'] as const) {
      const job: AlertJob = { sink, tenantId: w.tenantId, messageKey };
      await rt.queues.alerts.add(job, `${alertJobId(job)}-replay`);
    }
    await w.drained();
    await new Promise((r) => setTimeout(r, 300));
    await w.drained();
    expect((await dlpIncidentsRepo(rt.store.db).list(w.tenantId, { limit: 50 })).items).toHaveLength(1);
    expect(alertsToSoc()).toHaveLength(1);
    expect(noticesToAlice()).toHaveLength(1);
    expect((await rt.store.actions.forMessage(messageKey)).map((a) => `${a.action}:${a.status}`)).toEqual(['purge:done']);
    expect((await rt.store.actions.auditFor(messageKey)).filter((a) => a.actor === 'dlp')).toHaveLength(4);
  }, 60_000);

  it('no file of the data dir, no PostgreSQL row, no log line and no mail MailWarden sent holds the card number', async () => {
    const sentByUs = [...alertsToSoc(), ...noticesToAlice()].map((m) => ({ name: `mail ${m.subject}`, text: m.raw.toString('latin1') }));
    const database = await w.databaseText();
    if (env.DATABASE_URL) expect(database).toContain('DLP_PAYMENT_CARD');
    await w.stop();
    expect(w.logs.some((l) => l.includes('dlp incident opened'))).toBe(true);
    const haystacks = [...filesUnder(w.dir).map((f) => ({ name: f, text: readFileSync(f).toString('latin1') })), { name: 'logs', text: w.logs.join('') }, { name: 'postgres', text: database }, ...sentByUs];
    if (!env.DATABASE_URL) expect(haystacks.some((h) => h.name.endsWith('.db') || h.name.includes('sqlite'))).toBe(true);
    for (const h of haystacks) for (const v of [CARD, SPACED, CARD.slice(0, 12)]) expect(h.text.includes(v), `${v} in ${h.name}`).toBe(false);
  }, 60_000);
});
