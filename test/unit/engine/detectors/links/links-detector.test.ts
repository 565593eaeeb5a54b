import { describe, expect, it } from 'vitest';
import { linksDetector } from '../../../../../src/engine/detectors/links/index.ts';
import { makeContext, TEST_LISTS } from '../../../../helpers/detector-context.ts';
import { listSource } from '../../../../helpers/list-source.ts';
import { link, mailbox, makeModel } from '../../../../helpers/model-factory.ts';
import type { Link } from '../../../../../src/core/message.ts';
import type { Finding } from '../../../../../src/core/verdict.ts';

function msgWith(links: Link[], from = 'news@shop.example') {
  return makeModel({ sender: mailbox(from, 'Shop'), body: { links } });
}

async function detect(links: Link[], from?: string, ctx = makeContext()): Promise<Finding[]> {
  return linksDetector.detect(msgWith(links, from), ctx);
}

async function rules(links: Link[], from?: string, ctx = makeContext()): Promise<string[]> {
  return (await detect(links, from, ctx)).map((f) => f.rule).sort();
}

describe('links detector: shown text vs target', () => {
  it('fires when the text shows paypal.com and the link goes elsewhere, with a defanged URL', async () => {
    const found = await detect([link('https://evil-site.example/x', 'https://www.paypal.com/signin')]);
    const f = found.find((x) => x.rule === 'LINK_TEXT_MISMATCH');
    expect(f?.confidence).toBe(1);
    expect(f?.evidence).toContain('hxxps://evil-site[.]example/x');
  });
  it('does not fire when the text and target share a root, or the target is the sender\'s own tracker', async () => {
    expect(await rules([link('https://www.shop.example/p', 'shop.example')])).toEqual([]);
    expect(await rules([link('https://click.shop-mail.list-manage.com/track?id=1', 'www.shop.example')])).toEqual([]);
  });
  it('looks through Safe Links wrapping to the real target', async () => {
    const wrapped = `https://eur01.safelinks.protection.outlook.com/?url=${encodeURIComponent('https://www.shop.example/sale')}&data=x`;
    expect(await rules([link(wrapped, 'www.shop.example')])).toEqual([]);
    const evil = `https://eur01.safelinks.protection.outlook.com/?url=${encodeURIComponent('http://192.0.2.7/login.php')}&data=x`;
    expect(await rules([link(evil, 'www.paypal.com')])).toEqual(['CREDENTIAL_HARVEST_PATH', 'IP_LITERAL_HOST', 'LINK_TEXT_MISMATCH']);
  });
});

describe('links detector: hosts', () => {
  it('flags IP literals (dotted and integer) and punycode hosts, not ordinary names', async () => {
    expect(await rules([link('http://192.0.2.10/a')])).toEqual(['IP_LITERAL_HOST']);
    expect(await rules([link('http://3232235777/a')])).toEqual(['IP_LITERAL_HOST']);
    expect(await rules([link('https://xn--bcher-kva.de/')])).toEqual(['PUNYCODE_HOST']);
    // аррӏе.com: all-Cyrillic "apple" is punycode and a look-alike at once.
    expect(await rules([link('https://xn--80ak6aa92e.com/')])).toEqual(['LINK_LOOKALIKE_DOMAIN', 'PUNYCODE_HOST']);
    expect(await rules([link('https://www.example.org/a')])).toEqual([]);
  });
  it('ignores private addresses and plain-text "links" the text never spelled as links (versions, file names)', async () => {
    expect(await rules([link('http://192.168.1.1/admin')])).toEqual([]);
    expect(await rules([link('http://1.1.2.1', '1.1.2.1', 'plain'), link('http://sendmail.cf', 'sendmail.cf', 'plain')])).toEqual([]);
    expect(await rules([link('http://203.0.113.5/x', 'http://203.0.113.5/x', 'plain')])).toEqual(['IP_LITERAL_HOST']);
  });
  it('finds a brand domain spelled inside a subdomain, but not a brand word that happens to be a subdomain', async () => {
    expect(await rules([link('https://paypal.com.account-check.example.net/')])).toEqual(['LINK_LOOKALIKE_DOMAIN']);
    expect(await rules([link('http://outlook.4team.biz/')])).toEqual([]);
    expect(await rules([link('http://www.watchingmicrosoftlikeahawk.com/')])).toEqual([]);
    expect(await rules([link('http://lists.microshaft.org/mailman/listinfo')])).toEqual([]);
    expect(await rules([link('http://www.micorsoft.com/')])).toEqual(['LINK_LOOKALIKE_DOMAIN']);
  });
  it('flags brand look-alike link domains but not the brand', async () => {
    const found = await detect([link('https://paypal-account-review.com/')]);
    expect(found.find((f) => f.rule === 'LINK_LOOKALIKE_DOMAIN')?.evidence).toContain('imitates PayPal');
    expect(await rules([link('https://www.paypal.com/myaccount/summary')])).toEqual([]);
  });
  it('flags shorteners from the list only', async () => {
    expect(await rules([link('https://bit.ly/3xYz')])).toEqual(['URL_SHORTENER']);
    expect(await rules([link('https://bitly.example/3xYz')])).toEqual([]);
  });
  it('flags free hosting, IPFS, file drops and forms; not the sender\'s own site', async () => {
    expect(await rules([link('https://secure-docs-7731.web.app/index.html')])).toEqual(['FREE_SUBDOMAIN_HOST']);
    const ipfs = await detect([link('https://ipfs.io/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi')]);
    expect(ipfs.map((f) => [f.rule, f.confidence])).toEqual([['FREE_SUBDOMAIN_HOST', 1]]);
    expect(await rules([link('https://we.tl/t-abc123')])).toEqual(['FREE_FILE_HOST']);
    expect(await rules([link('https://forms.gle/abc')])).toEqual(['WEB_FORM_HOST']);
    expect(await rules([link('https://docs.google.com/forms/d/e/1FAIpQL/viewform')])).toEqual(['WEB_FORM_HOST']);
    expect(await rules([link('https://docs.google.com/document/d/1abc/edit')])).toEqual([]);
    expect(await rules([link('https://shop.web.app/deals')], 'team@shop.web.app')).toEqual([]);
  });
  it('flags abused TLDs, and .php pages on them as credential paths', async () => {
    expect(await rules([link('https://promo-deal.top/')])).toEqual(['SUSPICIOUS_TLD']);
    expect(await rules([link('https://promo-deal.top/index.php')])).toEqual(['CREDENTIAL_HARVEST_PATH', 'SUSPICIOUS_TLD']);
    expect(await rules([link('https://www.example.com/index.php')])).toEqual([]);
  });
});

describe('links detector: open redirects', () => {
  it('flags google.com/url and generic redirect parameters to another domain', async () => {
    const found = await detect([link('https://www.google.com/url?q=https://evil.example/login&sa=D')]);
    expect(found.find((f) => f.rule === 'OPEN_REDIRECT')).toMatchObject({ confidence: 1 });
    expect(found.find((f) => f.rule === 'OPEN_REDIRECT')?.evidence).toContain('to evil.example');
    expect(await rules([link('https://tracker.example.net/r?redirect=https%3A%2F%2Fother.example%2F')])).toEqual(['OPEN_REDIRECT']);
    expect(await rules([link(`https://www.bing.com/ck/a?u=a1${Buffer.from('https://evil.example/x').toString('base64')}`)])).toEqual(['OPEN_REDIRECT']);
  });
  it('does not flag a newsletter\'s ESP tracking redirect to the sender\'s own site, nor a Google search', async () => {
    expect(await rules([link('https://shop.us1.list-manage.com/track/click?u=abc&url=https://www.shop.example/sale')])).toEqual([]);
    expect(await rules([link('https://click.shop.example/r?url=https://partner.example/')])).toEqual([]);
    expect(await rules([link('https://www.google.com/search?q=https://example.com')])).toEqual([]);
  });
});

describe('links detector: paths, schemes, userinfo and lists', () => {
  it('flags login paths off the brand\'s site and phishing kits in WordPress folders', async () => {
    expect(await rules([link('https://hacked-blog.example/wp-includes/js/office/index.php')])).toEqual(['CREDENTIAL_HARVEST_PATH']);
    expect(await rules([link('https://random-host.example/secure/signin/verify')])).toEqual(['CREDENTIAL_HARVEST_PATH']);
    expect(await rules([link('http://nl.news-site.com/servlet/url_login?brand=x&dest=mail')])).toEqual([]);
    expect(await rules([link('https://blog.example/wp-content/uploads/2024/01/photo.jpg')])).toEqual([]);
    expect(await rules([link('https://www.microsoft.com/en-us/account/signin')])).toEqual([]);
  });
  it('flags randomly named scripts on unrelated sites, not ordinary page names', async () => {
    expect(await rules([link('https://genofood.com/bhs/DyS5VzqpGzGA0j.php')])).toEqual(['RANDOM_SCRIPT_PATH']);
    expect(await rules([link('https://www.example.com/ShowProductDetails.aspx'), link('https://www.example.com/index.php')])).toEqual([]);
  });
  it('flags Google Drawings used as a landing page, not ordinary Google Docs', async () => {
    expect(await rules([link('https://docs.google.com/drawings/d/1E-AgFS17WyQp/preview')])).toEqual(['FREE_FILE_HOST']);
    expect(await rules([link('https://docs.google.com/spreadsheets/d/1abc/edit')])).toEqual([]);
  });
  it('flags data: and javascript: links and user@host tricks', async () => {
    expect(await rules([link('data:text/html;base64,PGgxPkxvZ2luPC9oMT4=')])).toEqual(['DATA_URI']);
    expect(await rules([link('javascript:alert(1)')])).toEqual(['DATA_URI']);
    expect(await rules([link('https://www.paypal.com@evil.example/')])).toEqual(['URL_USERINFO_TRICK']);
    expect(await rules([link('mailto:someone@example.com')])).toEqual([]);
  });
  it('uses the local bad lists when present and is quiet when they are empty', async () => {
    const ctx = makeContext({ lists: listSource({ ...TEST_LISTS, bad_domains: ['known-bad.example'], bad_urls: ['https://cdn.example.org/payload/x'] }) });
    expect(await rules([link('https://a.known-bad.example/')], undefined, ctx)).toEqual(['KNOWN_BAD_DOMAIN']);
    expect(await rules([link('https://cdn.example.org/payload/x')], undefined, ctx)).toEqual(['KNOWN_BAD_URL']);
    expect(await rules([link('https://cdn.example.org/other')], undefined, ctx)).toEqual([]);
  });
  it('counts distinct domains once, rolls many hits into one finding and checks repeated links once', async () => {
    const many = Array.from({ length: 25 }, (_, i) => link(`https://site${i}.example/`));
    expect(await rules(many)).toEqual(['MANY_LINK_DOMAINS']);
    expect(await rules(many.slice(0, 10))).toEqual([]);
    const ips = Array.from({ length: 6 }, (_, i) => link(`http://192.0.2.${i + 1}/`));
    const found = await detect(ips);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toMatch(/and 3 more$/);
  });
});
