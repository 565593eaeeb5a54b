import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlpDetector } from '../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { dlpIncidentsRepo } from '../../../src/store/dlp-incidents-repo.ts';
import { rawMail } from '../../emulators/google/google-world.ts';
import { startGoogleService, waitUntil, type GoogleService } from '../google/google-service.ts';

/** A Luhn-valid Amex number (15 digits), not a published test number. */
const AMEX = '371449635398431';

describe('DLP incidents end to end on the Gmail emulator: SENT history → incident → alert, notice, sent copy deleted', () => {
  let s: GoogleService;
  let sender = '';
  let soc = '';
  let alerts = '';
  const inbox = (address: string) => [...s.w.emu.mailbox(address).messages.values()].filter((m) => m.labelIds.has('INBOX'));
  /** Mail from MailWarden's alert sender (subjects are RFC 2047 encoded, so the From header identifies them). */
  const fromAlerts = (raw: Buffer) => new RegExp(`^From:.*${alerts.replace(/\./g, '\\.')}`, 'mi').test(raw.toString('latin1'));

  beforeAll(async () => {
    const engine = createScanEngine({ detectors: [dlpDetector], lists: { get: () => new Set(), has: () => false } });
    // admin@, user001 (sender), user002 (security team), user003 (the alert sender).
    const domain = 'acme.test';
    [sender, soc, alerts] = ['user001', 'user002', 'user003'].map((u) => `${u}@${domain}`) as [string, string, string];
    s = await startGoogleService({ engine, userCount: 3, domain, env: { CATCHUP_AFTER_MS: '0', ALERT_DIGEST: 'false', ALERT_RECIPIENTS: soc, ALERT_FROM: `MailWarden <${alerts}>` } });
    const report = await s.install();
    expect(report.status).toBe('ready');
    await s.rt.store.tenants.setPolicy(s.tenantId(), { mode: 'enforce', dlp: { builtins: {}, patterns: [], wordLists: [], providerRules: false, incidentActions: ['alert', 'notifySender', 'removeSentCopy'] } });
    await s.drained();
  }, 60_000);
  afterAll(() => s?.close());

  it('a message in SENT with a card number: one incident, one alert, one notice, deleted from the mailbox and kept in the vault; replays add nothing', async () => {
    const raw = rawMail({ from: `Sam <${sender}>`, to: 'buyer@partner.example', subject: 'Card for the booking', body: `Use ${AMEX.slice(0, 4)} ${AMEX.slice(4, 10)} ${AMEX.slice(10)} please.` });
    const sent = s.w.emu.mailbox(sender).add(raw, ['SENT'], { applyFilters: false });
    const key = s.messageKey(sender, sent.id);
    const alertMails = () => inbox(soc).filter((m) => fromAlerts(m.raw));
    const notices = () => inbox(sender).filter((m) => fromAlerts(m.raw));
    await waitUntil(async () => alertMails().length >= 1 && notices().length >= 1 && !s.w.emu.mailbox(sender).messages.has(sent.id), 30_000);
    await s.drained();

    const repo = dlpIncidentsRepo(s.rt.store.db);
    const [incident, ...more] = (await repo.list(s.tenantId(), { limit: 10 })).items;
    expect(more).toEqual([]);
    expect(incident).toMatchObject({ messageKey: key, provider: 'google', sender, recipients: ['buyer@partner.example'], subject: 'Card for the booking' });
    expect(incident!.rules[0]!.evidence[0]).toContain('************431');
    expect(Object.fromEntries(incident!.actions.map((a) => [a.action, a.status]))).toEqual({ alert: 'done', notifySender: 'done', removeSentCopy: 'done' });
    expect(Buffer.from((await s.rt.store.vault.open(key))!).equals(raw)).toBe(true);
    // Decoded (the connector's MIME may use base64 or quoted-printable), the mails name the rule, never the value.
    for (const m of [...alertMails(), ...notices()]) {
      const mail = await PostalMime.parse(m.raw);
      const text = `${mail.subject ?? ''}\n${mail.text ?? ''}\n${mail.html ?? ''}`;
      expect(text).toContain(incident!.id);
      expect(text.replace(/\s/g, '')).not.toContain(AMEX);
    }
    expect((await PostalMime.parse(alertMails()[0]!.raw)).subject).toMatch(/^\[MailWarden\] Sensitive data sent – DLP_PAYMENT_CARD/);

    // Replays: a catch-up sync and the same scan job again.
    await s.rt.queues.maintenance.add({ task: 'catch-up', slot: 3 }, ids.maintenance('catch-up', 3));
    await s.rt.queues.scan.add({ provider: 'google', tenantId: s.tenantId(), mailboxId: sender, messageId: sent.id, direction: 'outbound', messageKey: key, receivedAt: Date.now() }, `replay-${key}`);
    await s.drained();
    await new Promise((r) => setTimeout(r, 300));
    await s.drained();
    expect((await repo.list(s.tenantId(), { limit: 10 })).items).toHaveLength(1);
    expect(alertMails()).toHaveLength(1);
    expect(notices()).toHaveLength(1);
    // The alert sender's own SENT copies were scanned as outbound mail and opened nothing.
    expect([...s.w.emu.mailbox(alerts).messages.values()].filter((m) => m.labelIds.has('SENT'))).toHaveLength(2);
  }, 90_000);
});
