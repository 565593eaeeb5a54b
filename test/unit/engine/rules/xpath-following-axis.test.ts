import { describe, expect, it } from 'vitest';
import { parseXPath } from '../../../../src/engine/rules/functions/xpath-parse.ts';
import { makeModel } from '../../../helpers/model-factory.ts';
import { evalMql } from './eval-helper.ts';

const withHtml = (raw: string) => makeModel({ body: { html: { raw, display_text: null, inner_text: null } } });
const texts = (raw: string, path: string) => evalMql(`map(html.xpath(body.html, '${path}').nodes, .display_text)`, { model: withHtml(raw) });

// Document order: a(1) b(2 (c 3)) d(4 (e 5)) f(6)
const TREE = '<div id="a">1</div><div id="b">2<p id="c">3</p></div><div id="d">4<p id="e">5</p></div><div id="f">6</div>';

describe('html.xpath following:: and preceding::', () => {
  it('following:: is everything after the node in document order, its own descendants excluded', () => {
    expect(texts(TREE, '//div[@id="b"]/following::*')).toEqual(['45', '5', '6']);
    expect(texts(TREE, '//p[@id="c"]/following::p')).toEqual(['5']);
    expect(texts(TREE, '//div[@id="b"]/following::p[1]')).toEqual(['5']);
    expect(texts(TREE, '//div[@id="f"]/following::*')).toEqual([]);
    // From an attribute: the element's own content follows its attributes.
    expect(texts(TREE, '//div[@id="b"]/@id/following::p')).toEqual(['3', '5']);
  });

  it('preceding:: is everything before the node except its ancestors, nearest first for positions', () => {
    expect(texts(TREE, '//p[@id="e"]/preceding::*')).toEqual(['3', '23', '1']);
    expect(texts(TREE, '//p[@id="e"]/preceding::div[1]')).toEqual(['23']);
    expect(texts(TREE, '//p[@id="e"]/preceding::div[last()]')).toEqual(['1']);
    expect(texts(TREE, '//div[@id="a"]/preceding::*')).toEqual([]);
  });

  it('counts following nodes in a predicate, as the PayPal invoice rule does', () => {
    // The shape of Sublime's paypal_invoice_abuse path, on a template written here.
    const path = '//img[@alt="PayPal"]/following::table[not(descendant::table) and count(following::hr[@class="footerDivider"]) > 0]//text()[normalize-space()]';
    const invoice = '<img alt="PayPal"><table><tr><td><table><tr><td>Note from seller: call +1 800 555 0100</td></tr></table></td></tr></table>'
      + '<hr class="footerDivider"><p>footer</p>';
    expect(texts(invoice, path)).toEqual(['Note from seller: call +1 800 555 0100']);
    // Without the footer divider after it, no table qualifies; without the logo before it, nothing follows.
    expect(texts(invoice.replace('footerDivider', 'other'), path)).toEqual([]);
    expect(texts(invoice.replace('alt="PayPal"', 'alt="Shop"'), path)).toEqual([]);
  });

  it('stops walking at MAX_NODES on a document with a great many nodes', async () => {
    const { MAX_NODES, documentOf, evaluate } = await import('../../../../src/engine/rules/functions/xpath-eval.ts');
    const wide = '<a>x</a>' + '<i></i>'.repeat(MAX_NODES * 3);
    const doc = documentOf({}, wide)!;
    for (const path of ['//a/following::i', '//i[last()]/preceding::i']) {
      const found = evaluate(parseXPath(path), doc) as unknown[];
      expect(found.length).toBeGreaterThan(MAX_NODES / 2);
      expect(found.length).toBeLessThanOrEqual(MAX_NODES + 1);
    }
  });
});

describe('html.xpath following:: on hostile HTML', () => {
  it('walks at most MAX_AXIS_WALK nodes per document, however many contexts ask (count(following::hr) per table)', async () => {
    const { MAX_AXIS_WALK, MAX_NODES, xpathWork } = await import('../../../../src/engine/rules/functions/xpath-eval.ts');
    // 4,000 tables each counting the <hr> after them: about 16 million nodes walked without the allowance.
    const html = '<img alt="PayPal">' + '<table><tr><td>x</td></tr></table>'.repeat(4_000) + '<hr class="footerDivider">';
    const before = xpathWork.axisNodes;
    const n = evalMql(
      `length(html.xpath(body.html, '//img[@alt="PayPal"]/following::table[count(following::hr[@class="footerDivider"]) > 0]').nodes)`,
      { model: withHtml(html) },
    ) as number;
    const walked = xpathWork.axisNodes - before;
    expect(walked).toBeLessThanOrEqual(MAX_AXIS_WALK + MAX_NODES);
    expect(walked).toBeGreaterThan(MAX_AXIS_WALK / 2);
    // The first tables were answered before the allowance ran out; the rest find nothing.
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(4_000);
  });
});

describe('html.xpath with a stray closing bracket', () => {
  it('drops stray closers after a complete path, as the Go XPath library does', () => {
    // Sublime's link_fake_copyright_claim_template path ends in an unbalanced `]`.
    const path = '//tr[td[1]/img[@height="25px"]]/td[2]//a]';
    const mail = '<table><tr><td><img height="25px"></td><td><a href="https://x.example/c">View claim PDF</a></td></tr>'
      + '<tr><td><img height="40px"></td><td><a href="https://x.example/d">Other PDF</a></td></tr></table>';
    expect(texts(mail, path)).toEqual(['View claim PDF']);
    expect(texts(mail.replace('25px', '26px'), path)).toEqual([]);
    expect(parseXPath('//a)')).toEqual(parseXPath('//a'));
  });

  it('still refuses other leftovers, which may be syntax the subset would misread', () => {
    expect(() => parseXPath('//a] //b')).toThrow(/trailing \/\//);
    expect(() => parseXPath('//a + 1')).toThrow(/trailing \+|syntax/);
  });
});
