import { describe, expect, it } from 'vitest';
import { senderDetector } from '../../../../../src/engine/detectors/sender/index.ts';
import { linksDetector } from '../../../../../src/engine/detectors/links/index.ts';
import { createScanEngine } from '../../../../../src/engine/scan-message.ts';
import { buildEml, type EmlSpec } from '../../../../helpers/build-eml.ts';
import { listSource } from '../../../../helpers/list-source.ts';
import { TEST_LISTS } from '../../../../helpers/detector-context.ts';

async function scan(spec: EmlSpec) {
  const engine = createScanEngine({ detectors: [senderDetector, linksDetector], lists: listSource(TEST_LISTS), attachments: false, org: { domains: ['acme.com'], vips: [] } });
  const { verdict } = await engine.scan({ raw: buildEml(spec) });
  expect(verdict.failures).toEqual([]);
  return verdict;
}

describe('sender and links detectors on raw mail', () => {
  it('flags a PayPal look-alike with a Cyrillic р, a gmail Reply-To and a link that shows paypal.com', async () => {
    const verdict = await scan({
      from: '"PayPal Service" <service@xn--payal-xye.com>',
      headers: [['Reply-To', 'resolution.center@gmail.com']],
      subject: 'Your account is limited',
      html: '<p>Please confirm: <a href="http://198.51.100.7/webscr/login.php">https://www.paypal.com/signin</a></p>',
    });
    const rules = verdict.findings.map((f) => f.rule).sort();
    expect(rules).toEqual(
      expect.arrayContaining(['BRAND_DISPLAY_NAME', 'LOOKALIKE_BRAND_DOMAIN', 'PUNYCODE_SENDER_DOMAIN', 'REPLY_TO_FREEMAIL', 'LINK_TEXT_MISMATCH', 'IP_LITERAL_HOST']),
    );
    expect(verdict.verdict).not.toBe('clean');
  });
  it('leaves a real PayPal notice alone (own domain, own tracker, own links)', async () => {
    const verdict = await scan({
      from: 'PayPal <service@paypal.com>',
      subject: 'Your receipt',
      html: '<p>See your <a href="https://www.paypal.com/myaccount/transactions">activity</a> or visit <a href="https://www.paypal.com/">www.paypal.com</a>.</p>',
    });
    expect(verdict.findings).toEqual([]);
    expect(verdict.verdict).toBe('clean');
  });
});
