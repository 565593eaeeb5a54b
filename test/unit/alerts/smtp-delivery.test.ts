import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { smtpTransport } from '../../../src/alerts/mail-transport.ts';
import { AppError } from '../../../src/core/errors.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { createDefaultEngine } from '../../../src/engine/default-engine.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { testTls } from '../../emulators/tls/test-ca.ts';
import { phishingMessage } from './phish-fixture.ts';

const USER = 'mailwarden-relay';
const PASS = 'relay-password-0123';
const DASHBOARD = 'https://mw.acme.example';

/** One message as the SMTP server saw it: envelope, how the session was secured and authenticated, and the MIME. */
interface Received {
  from: string;
  to: string[];
  secure: boolean;
  user: string | undefined;
  raw: Buffer;
}

describe('alert email over SMTP to a real SMTP server (smtp-server on loopback, STARTTLS + AUTH)', () => {
  let dir: string;
  let rt: Runtime;
  let smtp: SMTPServer;
  const received: Received[] = [];
  const rejected: string[] = [];
  let failNextData = 1;

  beforeAll(async () => {
    const tls = testTls();
    smtp = new SMTPServer({
      // Plain SMTP with STARTTLS (the submission-port setup); AUTH is refused until the connection is encrypted.
      secure: false,
      key: tls.key,
      cert: tls.cert,
      allowInsecureAuth: false,
      authMethods: ['PLAIN', 'LOGIN'],
      size: 10 * 1024 * 1024,
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === USER && auth.password === PASS) return cb(null, { user: auth.username });
        rejected.push(auth.username ?? '');
        cb(new Error('Invalid username or password'));
      },
      onData(stream, session: SMTPServerSession, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          // The relay is briefly busy once: a 4xx the alert queue must retry.
          if (failNextData-- > 0) return cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), secure: session.secure, user: session.user, raw: Buffer.concat(chunks) });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const port = (smtp.server.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'mw-smtp-alerts-'));
    const config = loadConfig({
      DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5', RULE_PACKS: 'none',
      ALERT_RECIPIENTS: 'soc@acme.example', ALERT_TRANSPORT: 'smtp', ALERT_DIGEST: 'false', DASHBOARD_URL: DASHBOARD,
      ALERT_FROM: 'MailWarden <alerts@acme.example>',
      // requireTLS: never send the credentials or the alert in clear, even if STARTTLS were stripped.
      SMTP_URL: `smtp://${USER}:${PASS}@127.0.0.1:${port}/?requireTLS=true`,
    });
    const { engine } = await createDefaultEngine({ rulePacks: [] });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: 'acme', name: 'Acme Corp', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    await rt.store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: 'alice', address: 'alice@corp.example' });
    sharedMemoryStore.addMailbox('acme', 'alice', 'alice@corp.example');
    await rt.startWorkers();
  }, 60_000);

  afterAll(async () => {
    await rt?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers one defanged alert per detection over STARTTLS with AUTH, retrying a 451, with only the dashboard link live', async () => {
    const webhooks = createWebhookDeps(rt.store, rt.queues);
    const id = sharedMemoryStore.deliver('acme', 'alice', phishingMessage());
    await webhooks.enqueueNotification({ provider: 'memory', tenantId: 'acme', mailboxId: 'alice', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, `n:${id}`);
    const end = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    // Replays of the scan or the alert job must not send a second email.
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(1);
    expect(failNextData).toBeLessThan(0); // the first DATA was answered 451 and the queue tried again
    expect(rejected).toEqual([]);
    const got = received[0]!;
    expect(got.secure).toBe(true);
    expect(got.user).toBe(USER);
    expect(got.from).toBe('alerts@acme.example');
    expect(got.to).toEqual(['soc@acme.example']);

    const mail = await PostalMime.parse(got.raw);
    expect(mail.subject).toMatch(/Phishing/);
    expect(mail.from?.address).toBe('alerts@acme.example');
    expect(mail.to?.map((t) => t.address)).toEqual(['soc@acme.example']);
    expect(mail.text).toBeTruthy();
    expect(mail.html).toBeTruthy();
    const both = `${mail.text}\n${mail.html}`;
    // What was found and where, defanged: the look-alike domain appears only with bracketed dots.
    expect(both).toContain('paypa1-account-verify[.]com');
    expect(both).not.toContain('paypa1-account-verify.com');
    expect(both).toContain('alice');
    // The one live link: the message in the dashboard. No other URL, and no other anchor, anywhere.
    expect(mail.html).toMatch(new RegExp(`href="${DASHBOARD.replace(/\./g, '\\.')}/#/message/[^"/]+/acme"`));
    for (const u of both.match(/\b(?:https?|ftp):\/\/[^\s"'<>)]+/gi) ?? []) expect(u, u).toMatch(new RegExp(`^${DASHBOARD.replace(/\./g, '\\.')}(/|$)`));
    for (const href of mail.html!.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(new RegExp(`^href="${DASHBOARD.replace(/\./g, '\\.')}/`));
  }, 40_000);

  it('classifies the relay\'s answers: refused credentials (535) are final, a busy relay (451) is retried', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const mail = { from: 'MailWarden <alerts@acme.example>', to: ['soc@acme.example'], subject: 'probe', text: 'probe' };
    const wrong = smtpTransport(`smtp://${USER}:not-the-password@127.0.0.1:${port}/?requireTLS=true`);
    const denied = await wrong.send(mail).then(() => null, (e: unknown) => e);
    wrong.close();
    expect(denied).toBeInstanceOf(AppError);
    expect(denied).toMatchObject({ retryable: false, message: expect.stringContaining('535') });
    expect(rejected).toEqual([USER]);
    failNextData = 1;
    const busy = smtpTransport(`smtp://${USER}:${PASS}@127.0.0.1:${port}/?requireTLS=true`);
    const later = await busy.send(mail).then(() => null, (e: unknown) => e);
    expect(later).toMatchObject({ retryable: true, message: expect.stringContaining('451') });
    const before = received.length;
    await busy.send(mail);
    busy.close();
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)!.secure).toBe(true);
  });
});
