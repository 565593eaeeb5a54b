import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultEngine } from '../../../src/engine/default-engine.ts';
import { DEFAULT_PACK_DIR } from '../../../src/engine/rules/index.ts';
import { buildEml } from '../../helpers/build-eml.ts';
import { startGoogleService, waitUntil, type GoogleService } from './google-service.ts';

// The same path with MailWarden's own engine (built-in detectors, shipped lists, default MQL pack) deciding.
describe('Google Workspace end to end with the default engine', () => {
  let s: GoogleService;
  beforeAll(async () => {
    const { engine } = await createDefaultEngine({ rulePacks: [DEFAULT_PACK_DIR], listFolders: [] });
    s = await startGoogleService({ engine, userCount: 2 });
    await s.install();
  });
  afterAll(() => s?.close());

  it('a credential phish is quarantined; the look-alike ordinary mail stays in INBOX', async () => {
    const [, victim, colleague] = s.w.users;
    const phish = buildEml({
      from: '"Microsoft 365 Security" <security-alert@micros0ft-support.top>',
      to: victim,
      subject: 'Action required: your mailbox password expires today',
      headers: [
        ['Authentication-Results', 'mx.google.com; spf=fail smtp.mailfrom=micros0ft-support.top; dkim=none; dmarc=fail header.from=micros0ft-support.top'],
        ['Reply-To', 'helpdesk@protonmail.com'],
      ],
      html: '<p>Dear user,</p><p>Your mailbox password expires today. To avoid suspension of your account, verify your password immediately:</p>' +
        `<p><a href="http://login-microsoftonline.micros0ft-support.top/owa/verify?u=${victim}">Verify account now</a></p>` +
        '<p>Failure to verify within 24 hours will result in permanent loss of your emails.</p><p>Microsoft 365 Security Team</p>',
    });
    const ordinary = buildEml({
      from: 'Alice <alice@partner.example>',
      to: colleague,
      subject: 'Your mailbox move on Friday',
      headers: [['Authentication-Results', 'mx.google.com; spf=pass smtp.mailfrom=partner.example; dkim=pass header.d=partner.example; dmarc=pass header.from=partner.example']],
      text: 'Hi, the IT team moves our shared mailbox on Friday; nothing to do on your side. See you at lunch. Alice',
    });
    const phishId = s.w.emu.deliver([victim], phish)[victim];
    const okId = s.w.emu.deliver([colleague], ordinary)[colleague];
    await waitUntil(async () => Boolean(await s.rt.store.messages.verdict(s.messageKey(victim, phishId))) && Boolean(await s.rt.store.messages.verdict(s.messageKey(colleague, okId))));
    await s.drained();
    const bad = await s.rt.store.messages.verdict(s.messageKey(victim, phishId));
    expect(['phishing', 'bec', 'malware']).toContain(bad?.verdict.verdict);
    const labels = s.w.emu.mailbox(victim).get(phishId).labelIds;
    expect(labels.has('INBOX')).toBe(false);
    expect((await s.rt.store.messages.verdict(s.messageKey(colleague, okId)))?.verdict.verdict).toBe('clean');
    expect(s.w.emu.mailbox(colleague).get(okId).labelIds.has('INBOX')).toBe(true);
  });
});
