import { describe, expect, it } from 'vitest';
import { authenticationDetector } from '../../../../../src/engine/detectors/authentication/index.ts';
import { createScanEngine } from '../../../../../src/engine/scan-message.ts';
import { buildEml } from '../../../../helpers/build-eml.ts';
import { listSource } from '../../../../helpers/list-source.ts';

async function rulesFor(headers: [string, string][], from: string, orgDomains: string[] = []): Promise<string[]> {
  const engine = createScanEngine({ detectors: [authenticationDetector], lists: listSource(), attachments: false, org: { domains: orgDomains, vips: [] } });
  const { verdict } = await engine.scan({ raw: buildEml({ from, headers, text: 'Hello' }) });
  expect(verdict.failures).toEqual([]);
  return verdict.findings.map((f) => f.rule).sort();
}

describe('authentication detector on raw mail stamped by Microsoft and Google', () => {
  it('reads a Microsoft spoof verdict (dmarc=fail action=oreject, compauth=fail reason=000)', async () => {
    const stamp =
      'spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=bradesco.com.br; dkim=none (message not signed)\r\n header.d=none;dmarc=fail action=oreject header.from=bradesco.com.br;compauth=fail\r\n reason=000';
    expect(await rulesFor([['Received', 'from mx.example by BN8NAM11.prod.outlook.com; Mon, 1 Jan 2024 10:00:00 +0000'], ['Authentication-Results', stamp]], 'Bradesco <aviso@bradesco.com.br>')).toEqual([
      'DMARC_FAIL_POLICY_REJECT',
      'SPF_FAIL',
    ]);
  });
  it('reads a Google stamp with p=NONE as a plain DMARC failure', async () => {
    const stamp = 'mx.google.com;\r\n dkim=pass header.i=@mailer.example; spf=softfail (google.com: domain of transitioning x@shop.example does not designate 203.0.113.9 as permitted sender) smtp.mailfrom=x@shop.example;\r\n dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=shop.example';
    expect(await rulesFor([['Received', 'by 2002:a05:6a10:1234 with SMTP id x; Mon, 1 Jan 2024 10:00:00 -0800'], ['Authentication-Results', stamp]], 'Shop <news@shop.example>')).toEqual([
      'DMARC_FAIL',
      'SPF_SOFTFAIL',
    ]);
  });
  it('flags mail from outside that claims the organisation\'s own domain, not the organisation\'s own authenticated mail', async () => {
    const spoof = 'spf=fail (sender IP is 203.0.113.50) smtp.mailfrom=acme.com; dkim=none (message not signed)\r\n header.d=none;dmarc=fail action=none header.from=acme.com;compauth=fail reason=000';
    expect(await rulesFor([['Authentication-Results', spoof]], 'CEO <ceo@acme.com>', ['acme.com'])).toEqual(['DMARC_FAIL', 'ORG_DOMAIN_SPOOF', 'SPF_FAIL']);
    const real = 'spf=pass (sender IP is 40.107.1.1) smtp.mailfrom=acme.com; dkim=pass (signature was verified)\r\n header.d=acme.com;dmarc=pass action=none header.from=acme.com;compauth=pass reason=100';
    expect(await rulesFor([['Authentication-Results', real]], 'CEO <ceo@acme.com>', ['acme.com'])).toEqual([]);
  });
  it('finds nothing wrong with a fully passing Microsoft stamp', async () => {
    const stamp = 'spf=pass (sender IP is 209.85.160.178) smtp.mailfrom=gmail.com; dkim=pass (signature was verified)\r\n header.d=gmail.com;dmarc=pass action=none header.from=gmail.com;compauth=pass reason=100';
    expect(await rulesFor([['Authentication-Results', stamp]], 'Ann <ann.example@gmail.com>')).toEqual([]);
  });
});
