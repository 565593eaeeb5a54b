import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertHandler, type AlertDeps, type AlertJob } from '../../../src/alerts/alert-job.ts';
import type { MailTransport } from '../../../src/alerts/mail-transport.ts';
import { AppError } from '../../../src/core/errors.ts';
import type { OutgoingMail } from '../../../src/core/provider.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { dlpIncidentsRepo } from '../../../src/store/dlp-incidents-repo.ts';
import { openStore, type Store } from '../../../src/store/store.ts';

describe('DLP incident mails on the alerts queue: once each, recorded and audited, failures visible', () => {
  let store: Store;
  const sent: OutgoingMail[] = [];
  let fail: AppError | null = null;
  const transport: MailTransport = {
    async send(mail) {
      if (fail) throw fail;
      sent.push(mail);
    },
  };
  const deps = (recipients: string[]): AlertDeps => ({
    store, settings: { recipients, from: 'MailWarden <alerts@acme.example>', dashboardUrl: 'https://mw.acme.example' }, mailFor: async () => transport, logger: createLogger({ level: 'silent' }),
  });
  const open = async (messageKey: string) =>
    (await dlpIncidentsRepo(store.db).open({ tenantId: 'acme', messageKey, provider: 'memory', mailboxId: 'u1', mailboxAddress: 'sam@acme.example', messageId: messageKey, sender: 'sam@acme.example', recipients: ['x@other.example'], subject: 'numbers', rules: [{ rule: 'DLP_US_SSN', description: 'US Social Security number in outbound mail', count: 1, evidence: ['1× US SSN in body: *******6789'] }] })).id;
  const statusOf = async (id: string, action: string) => (await dlpIncidentsRepo(store.db).get('acme', id))?.actions.find((a) => a.action === action);
  const run = (d: AlertDeps, j: AlertJob) => alertHandler(d)({ data: j });

  beforeAll(async () => {
    store = await openStore({ sqliteFile: ':memory:', keyring: createKeyring('k1', randomBytes(32)) });
    await store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'memory', settings: {} });
  });
  afterAll(() => store.close());

  it('the alert goes to the security team and the notice to the sender, each once however often the job runs', async () => {
    const id = await open('k-once');
    for (let i = 0; i < 3; i++) {
      await run(deps(['soc@acme.example']), { sink: 'dlp-alert', tenantId: 'acme', messageKey: 'k-once' });
      await run(deps(['soc@acme.example']), { sink: 'dlp-notice', tenantId: 'acme', messageKey: 'k-once' });
    }
    expect(sent.map((m) => `${m.to.join(',')}:${m.html ? 'html' : 'text'}`)).toEqual(['soc@acme.example:html', 'sam@acme.example:text']);
    expect(sent.every((m) => m.from === 'MailWarden <alerts@acme.example>')).toBe(true);
    expect((await statusOf(id, 'alert'))?.status).toBe('done');
    expect((await statusOf(id, 'notifySender'))?.status).toBe('done');
    expect((await store.actions.auditFor('k-once')).map((a) => `${a.actor}:${a.action}`)).toEqual(['dlp:dlp-alert', 'dlp:dlp-notify-sender']);
  });

  it('without ALERT_RECIPIENTS the alert is recorded as skipped and audited, and nothing is sent', async () => {
    const id = await open('k-skip');
    const before = sent.length;
    await run(deps([]), { sink: 'dlp-alert', tenantId: 'acme', messageKey: 'k-skip' });
    expect(sent.length).toBe(before);
    expect(await statusOf(id, 'alert')).toMatchObject({ status: 'skipped', detail: 'no ALERT_RECIPIENTS configured' });
    expect((await store.actions.auditFor('k-skip')).map((a) => a.action)).toEqual(['dlp-alert-skipped']);
  });

  it('a permanent send failure is recorded as failed and thrown to the queue; a transient one only thrown (retried)', async () => {
    const id = await open('k-fail');
    fail = new AppError('provider_unavailable', 'graph 503', { retryable: true });
    await expect(run(deps(['soc@acme.example']), { sink: 'dlp-alert', tenantId: 'acme', messageKey: 'k-fail' })).rejects.toThrow('graph 503');
    expect(await statusOf(id, 'alert')).toBeUndefined();
    fail = new AppError('invalid_input', 'recipient rejected', { retryable: false });
    await expect(run(deps(['soc@acme.example']), { sink: 'dlp-alert', tenantId: 'acme', messageKey: 'k-fail' })).rejects.toThrow('recipient rejected');
    expect(await statusOf(id, 'alert')).toMatchObject({ status: 'failed', detail: 'invalid_input' });
    fail = null;
    // Another tenant's job naming this message does nothing.
    await run(deps(['soc@acme.example']), { sink: 'dlp-alert', tenantId: 'other', messageKey: 'k-fail' });
    expect((await statusOf(id, 'alert'))?.status).toBe('failed');
  });
});
