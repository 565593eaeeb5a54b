import { describe, expect, it } from 'vitest';
import { buildEml } from '../../../helpers/build-eml.ts';
import { parseAuthResults } from '../../../../src/engine/parse/auth-results.ts';
import { parse } from './parse-helper.ts';

const MICROSOFT_AR =
  'spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=paypa1.com; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=paypal.com;compauth=fail reason=000';
const GOOGLE_AR =
  'mx.google.com; dkim=pass header.i=@example.com header.s=s1 header.b=abc; spf=pass (google.com: domain of a@example.com designates 198.51.100.7 as permitted sender; extra) smtp.mailfrom=a@example.com; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com; arc=pass (i=1 spf=pass)';

describe('auth summary', () => {
  it('reads Microsoft-style results (no authserv-id, compauth)', async () => {
    const m = await parse(buildEml({ headers: [['Authentication-Results', MICROSOFT_AR], ['Received', 'from evil.example (203.0.113.9) by BN8NAM11FT.mail.protection.outlook.com; Mon, 1 Jan 2024 10:00:00 +0000']], text: 'x' }));
    const a = m.headers.auth_summary;
    expect(a.spf).toMatchObject({ pass: false, verdict: 'fail' });
    expect(a.dkim).toMatchObject({ pass: false, verdict: 'none' });
    expect(a.dmarc).toMatchObject({ pass: false, verdict: 'fail' });
    expect(a.dmarc.details).toContain('header.from=paypal.com');
    expect(a.compauth).toMatchObject({ pass: false, verdict: 'fail' });
    expect(a.arc.verdict).toBeNull();
  });

  it('reads Google-style results, with semicolons inside comments', async () => {
    const m = await parse(buildEml({ headers: [['Authentication-Results', GOOGLE_AR]], text: 'x' }));
    const a = m.headers.auth_summary;
    expect(a.spf).toMatchObject({ pass: true, verdict: 'pass' });
    expect(a.dkim.pass).toBe(true);
    expect(a.dmarc.pass).toBe(true);
    expect(a.arc.pass).toBe(true);
    expect(a.compauth.verdict).toBeNull();
  });

  it('prefers the provider stamp over a forwarder stamp above it', async () => {
    const forged = 'attacker.example; spf=pass smtp.mailfrom=paypal.com; dkim=pass header.d=paypal.com; dmarc=pass header.from=paypal.com';
    const m = await parse(buildEml({ headers: [['Authentication-Results', forged], ['Authentication-Results', MICROSOFT_AR]], text: 'x' }));
    expect(m.headers.auth_summary.dmarc.pass).toBe(false);
  });

  it('falls back to the topmost results when no provider stamped, and fills gaps from a trusted ARC stamp', async () => {
    const m = await parse(
      buildEml({
        headers: [
          ['Authentication-Results', 'mx.small-isp.example; spf=softfail smtp.mailfrom=a.example'],
          ['ARC-Authentication-Results', 'i=1; mx.microsoft.com 1; spf=softfail; dkim=pass header.d=a.example; dmarc=pass header.from=a.example'],
          ['ARC-Seal', 'i=1; a=rsa-sha256; cv=none; d=microsoft.com; s=arcselector; b=xyz'],
        ],
        text: 'x',
      }),
    );
    const a = m.headers.auth_summary;
    expect(a.spf.verdict).toBe('softfail');
    expect(a.dkim.pass).toBe(true);
    expect(a.dmarc.pass).toBe(true);
    expect(a.arc).toMatchObject({ pass: false, verdict: 'none' });
  });

  it('leaves every result unstamped (null) when there are none', async () => {
    const m = await parse(buildEml({ text: 'x' }));
    expect(m.headers.auth_summary.spf).toEqual({ pass: null, verdict: null, details: null });
  });

  it('parses the ARC instance prefix and multiple DKIM signatures', () => {
    const p = parseAuthResults('i=2; mx.google.com; dkim=fail header.d=a.example; dkim=pass header.d=b.example; spf=neutral');
    expect(p.server).toBe('mx.google.com');
    expect(p.summary.dkim).toMatchObject({ pass: true, verdict: 'pass' });
    expect(p.results.map((r) => r.method)).toEqual(['dkim', 'dkim', 'spf']);
  });
});
