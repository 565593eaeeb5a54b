import { describe, expect, it } from 'vitest';
import { defang } from '../../../../../src/engine/detectors/links/defang.ts';
import { findRedirect } from '../../../../../src/engine/detectors/links/redirect.ts';
import { unwrapSecurityLink } from '../../../../../src/engine/detectors/links/unwrap.ts';
import { linksDetector } from '../../../../../src/engine/detectors/links/index.ts';
import { parseUrl } from '../../../../../src/engine/parse/url.ts';
import { DEFAULT_LIMITS } from '../../../../../src/engine/limits.ts';
import { makeContext } from '../../../../helpers/detector-context.ts';
import { link, mailbox, makeModel } from '../../../../helpers/model-factory.ts';

describe('defang', () => {
  it('breaks the scheme and the host dots, hides the query, and caps the length', () => {
    expect(defang('https://evil.example/login?user=victim@acme.com')).toBe('hxxps://evil[.]example/login?…');
    expect(defang('http://192.0.2.1/')).toBe('hxxp://192[.]0[.]2[.]1/');
    expect(defang(`https://a.example/${'x'.repeat(500)}`).length).toBe(120);
  });
});

describe('security-gateway unwrapping and redirects', () => {
  it('unwraps Proofpoint v2 and v3 links', () => {
    expect(unwrapSecurityLink(parseUrl('https://urldefense.proofpoint.com/v2/url?u=https-3A__evil.example_login&d=x')).domain.domain).toBe('evil.example');
    expect(unwrapSecurityLink(parseUrl('https://urldefense.com/v3/__https://evil.example/p__;!!abc$')).domain.domain).toBe('evil.example');
  });
  it('reads AMP and path-embedded destinations, and ignores parameters that are not URLs', () => {
    expect(findRedirect(parseUrl('https://www.google.com/amp/s/evil.example/x'))?.target.domain.domain).toBe('evil.example');
    expect(findRedirect(parseUrl('https://t.example/jump/http://other.example/'))?.target.domain.domain).toBe('other.example');
    expect(findRedirect(parseUrl('https://shop.example/cart?next=checkout&u=42'))).toBeNull();
  });
});

describe('links detector work is bounded by maxUrls', () => {
  it('checks at most maxUrls distinct links (counted through the hits it reports)', async () => {
    const links = Array.from({ length: 50 }, (_, i) => link(`http://198.51.100.${i + 1}/`));
    const ctx = makeContext({ limits: { ...DEFAULT_LIMITS, maxUrls: 10 } });
    const [finding] = await linksDetector.detect(makeModel({ sender: mailbox('a@shop-example.com'), body: { links } }), ctx);
    expect(finding!.rule).toBe('IP_LITERAL_HOST');
    // 3 named + "and 7 more" = the 10 links allowed, not the 50 present.
    expect(finding!.evidence).toMatch(/and 7 more$/);
  });
  it('survives a URL with ten thousand query parameters', async () => {
    const query = Array.from({ length: 10_000 }, (_, i) => `p${i}=http://x${i}.example/`).join('&');
    const found = await linksDetector.detect(makeModel({ body: { links: [link(`https://r.example/go?${query}`)] } }), makeContext());
    expect(Array.isArray(found)).toBe(true);
  });
});
