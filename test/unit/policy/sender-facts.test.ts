import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/engine/limits.ts';
import { parseMessage } from '../../../src/engine/parse/parse-message.ts';
import { decide } from '../../../src/policy/decide.ts';
import { withDefaults } from '../../../src/policy/defaults.ts';
import { factsFromModel } from '../../../src/policy/scan-inputs.ts';

/** A message from `from` with one Authentication-Results header stamped by Microsoft's inbound servers. */
async function facts(from: string, results: string) {
  const raw =
    `Authentication-Results: spf.protection.outlook.com; ${results}\r\n` +
    `From: Treasury <${from}>\r\nTo: cfo@corp.example\r\nSubject: Invoice\r\nMessage-ID: <a@b>\r\n` +
    'Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nPlease pay.\r\n';
  const model = await parseMessage(new TextEncoder().encode(raw), { limits: DEFAULT_LIMITS, orgDomains: ['corp.example'], externalId: 't', direction: 'inbound' });
  return factsFromModel(model);
}

describe('sender facts: an allow entry counts only for an authenticated sender', () => {
  it('DMARC decides when it was stamped', async () => {
    expect(await facts('ap@bank.example', 'spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass action=none header.from=bank.example')).toEqual({ senderEmail: 'ap@bank.example', authenticated: true });
    // aligned SPF and DKIM do not overrule a stamped DMARC failure
    expect((await facts('ap@bank.example', 'spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=fail action=quarantine header.from=bank.example')).authenticated).toBe(false);
    expect((await facts('ap@bank.example', 'spf=none; dkim=none; dmarc=none header.from=bank.example')).authenticated).toBe(false);
  });

  it('without DMARC: a DKIM or SPF pass counts when its domain aligns with the From (relaxed)', async () => {
    expect((await facts('ap@bank.example', 'dkim=pass (signature was verified) header.d=bank.example')).authenticated).toBe(true);
    expect((await facts('ap@mail.bank.example', 'dkim=pass header.d=bank.example')).authenticated).toBe(true);
    expect((await facts('ap@bank.example', 'dkim=pass header.d=news.bank.example')).authenticated).toBe(true);
    expect((await facts('ap@bank.example', 'dkim=pass header.i=@bank.example')).authenticated).toBe(true);
    expect((await facts('ap@bank.example', 'spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=bounces.bank.example')).authenticated).toBe(true);
    expect((await facts('ap@bank.example', 'spf=pass smtp.mailfrom=ap@bank.example')).authenticated).toBe(true);
  });

  it('without DMARC: a pass for somebody else\'s domain is no authentication of the From', async () => {
    expect((await facts('ap@bank.example', 'dkim=pass header.d=evil.example')).authenticated).toBe(false);
    expect((await facts('ap@bank.example', 'dkim=pass header.d=bank.example.evil.example')).authenticated).toBe(false);
    expect((await facts('ap@bank.example', 'dkim=pass header.d=notbank.example')).authenticated).toBe(false);
    expect((await facts('ap@bank.example', 'spf=pass smtp.mailfrom=bounce@evil.example')).authenticated).toBe(false);
    // a pass that names no domain cannot be checked, so it does not count
    expect((await facts('ap@bank.example', 'dkim=pass; spf=pass')).authenticated).toBe(false);
    expect((await facts('ap@bank.example', 'dkim=fail header.d=bank.example; spf=softfail smtp.mailfrom=bank.example')).authenticated).toBe(false);
  });

  it('end to end with decide(): a spoofed allowed sender signed by its own domain is still quarantined', async () => {
    const policy = withDefaults({ mode: 'enforce', allow: { addresses: [], domains: ['bank.example'] } });
    const phishing = { verdict: 'phishing' as const, score: 12, categories: { phishing: 12 }, findings: [], failures: [] };
    expect(decide(phishing, policy, await facts('ap@bank.example', 'dkim=pass header.d=evil.example')).action).toBe('quarantine');
    expect(decide(phishing, policy, await facts('ap@bank.example', 'dkim=pass header.d=bank.example')).action).toBe('none');
  });
});
