import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { authenticationDetector } from '../../../../../src/engine/detectors/authentication/index.ts';
import { createScanEngine } from '../../../../../src/engine/scan-message.ts';
import type { TxtResolver } from '../../../../../src/engine/detector.ts';
import { DEFAULT_LIMITS } from '../../../../../src/engine/limits.ts';
import type { Finding } from '../../../../../src/core/verdict.ts';
import { buildEml } from '../../../../helpers/build-eml.ts';
import { listSource } from '../../../../helpers/list-source.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicDer = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

/** Serves our one test key at s1._domainkey.shop.example, counting lookups; everything else is NXDOMAIN. */
function resolver(): TxtResolver & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (name: string) => {
    calls.push(name);
    if (name === 's1._domainkey.shop.example') return [[`v=DKIM1; k=rsa; p=${publicDer}`]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
  return Object.assign(fn, { calls });
}

async function signed(): Promise<Buffer> {
  const raw = buildEml({ from: 'Shop <orders@shop.example>', subject: 'Your order', text: 'Order 1234 ships today. Total: 45.00 EUR\r\n' });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const { signatures, errors } = await dkimSign(raw, { signatureData: [{ signingDomain: 'shop.example', selector: 's1', privateKey: key }] } as Parameters<typeof dkimSign>[1]);
  expect(errors).toEqual([]);
  expect(signatures).toMatch(/^DKIM-Signature: /);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

async function scan(raw: Buffer, dns?: TxtResolver) {
  const engine = createScanEngine({ detectors: [authenticationDetector], lists: listSource(), dns, attachments: false });
  return (await engine.scan({ raw })).verdict;
}

describe('authentication detector: DKIM re-verification', () => {
  it('passes a correctly signed message (the key was fetched through the injected resolver)', async () => {
    const dns = resolver();
    const verdict = await scan(await signed(), dns);
    expect(verdict.failures).toEqual([]);
    expect(verdict.findings).toEqual([]);
    expect(dns.calls).toEqual(['s1._domainkey.shop.example']);
  });
  it('flags a message whose body changed after signing', async () => {
    const tampered = Buffer.from((await signed()).toString('latin1').replace('45.00 EUR', '4500.00 EUR'), 'latin1');
    const verdict = await scan(tampered, resolver());
    const f = verdict.findings.find((x) => x.rule === 'DKIM_REVERIFY_FAIL');
    expect(f?.evidence).toMatch(/^DKIM signature d=shop\.example s=s1 fails re-verification/);
  });
  it('is off without a resolver: the same tampered message yields no finding and no lookups', async () => {
    const tampered = Buffer.from((await signed()).toString('latin1').replace('45.00 EUR', '4500.00 EUR'), 'latin1');
    const verdict = await scan(tampered);
    expect(verdict.findings.map((x) => x.rule)).not.toContain('DKIM_REVERIFY_FAIL');
  });
  it('answers synchronously without a resolver (no budget timer per scan), asynchronously with one, the same summary findings first', async () => {
    const raw = buildEml({
      from: 'PayPal <service@paypa1-secure.example>',
      subject: 'Account on hold',
      text: 'Sign in now.\r\n',
      headers: [['Authentication-Results', 'mx.google.com; spf=fail smtp.mailfrom=paypa1-secure.example; dkim=none; dmarc=fail header.from=paypa1-secure.example']],
    });
    const signedRaw = Buffer.concat([Buffer.from('DKIM-Signature: v=1; a=rsa-sha256; d=gone.example; s=s1; h=from; bh=x; b=y\r\n'), raw]);
    const engine = createScanEngine({ detectors: [], lists: listSource(), attachments: false });
    const { model } = await engine.scan({ raw: signedRaw });
    const ctx = { org: { domains: [], vips: [] }, lists: listSource(), limits: DEFAULT_LIMITS, now: new Date(), signal: new AbortController().signal };
    const withoutDns = authenticationDetector.detect(model, ctx);
    expect(withoutDns).toBeInstanceOf(Array);
    const withDns = authenticationDetector.detect(model, { ...ctx, dns: resolver() });
    expect(withDns).toBeInstanceOf(Promise);
    const rules = (withoutDns as Finding[]).map((f) => f.rule);
    expect(rules).toContain('DMARC_FAIL');
    // The same summary findings first, then what re-verification adds (this made-up signature fails).
    expect((await withDns).map((f) => f.rule)).toEqual([...rules, 'DKIM_REVERIFY_FAIL']);
  });
  it('stays silent when the key cannot be found (no verdict from missing DNS)', async () => {
    const raw = Buffer.from((await signed()).toString('latin1').replace('s=s1', 's=gone'), 'latin1');
    const verdict = await scan(raw, resolver());
    expect(verdict.findings.map((x) => x.rule)).not.toContain('DKIM_REVERIFY_FAIL');
  });
});
