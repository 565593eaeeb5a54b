/**
 * `//name`, `//*`, `//text()` and `//comment()` from the document are answered from a per-document index
 * (functions/xpath-index.ts). It must give exactly the nodes, in the order, that walking the document gives:
 * every path below is evaluated both ways over the same DOM and the node lists compared by identity.
 */
import { parseDocument } from 'htmlparser2';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate, MAX_NODES } from '../../../../src/engine/rules/functions/xpath-eval.ts';
import { xpathIndexing, xpathIndexWork } from '../../../../src/engine/rules/functions/xpath-index.ts';
import { parseXPath } from '../../../../src/engine/rules/functions/xpath-parse.ts';
import { makeModel } from '../../../helpers/model-factory.ts';
import { evalMql } from './eval-helper.ts';

const PHISH = `<!DOCTYPE html><html><head><title>Sign in</title><style>p{}</style><script>var a=1</script></head>
<body><!-- banner --><div id="top"><a href="https://evil.example/a">First</a><span>x<a>nested</a></span></div>
<DIV class="Main"><P>Hello <b>there</b> <A HREF="https://evil.example/b">Second</A></P><p>tail</p><!-- end --></DIV>
<table><tr><td><a href="#">third</a></td><td><img src="x.png" alt="Logo"></td></tr></table>
<form action="https://evil.example/post"><input type="password" name="pw"></form>text at end</body></html>`;

const NESTED = '<div>' + '<section><a href="#">a</a><p>t<a>b</a></p>'.repeat(30) + '</section>'.repeat(30) + '</div>';

const PATHS = [
  '//a',
  '//A',
  '//a[1]',
  '//a[2]',
  '//a[last()]',
  '//a[position() > 1]',
  '//a[@href]',
  '//a[@href][2]',
  '//a[contains(@href, "evil")]',
  '//*',
  '//*[1]',
  '//*[3]',
  '//text()',
  '//text()[2]',
  '//comment()',
  '//comment()[last()]',
  '//div//a',
  '//div/a',
  '//p',
  '//P/b',
  '//td[2]/img/@alt',
  '//script',
  '//style',
  '//input[@type="password"]',
  '//form/@action',
  '//a | //img',
  '//section//a[1]',
  '//node()',
  '//section[position() = last()]',
  '//*[count(a) > 0]',
  '//a/..',
  '//nothing',
  '/html/body//a',
  'count(//a)',
  '//a[. = "third"]',
];

/** DOM nodes by identity; attribute nodes are made per query, so by their element and name. */
function sameNode(a: unknown, b: unknown): boolean {
  const attr = (n: unknown) => (n as { type?: string }).type === 'attr' ? (n as { parent: unknown; name: string }) : null;
  const x = attr(a);
  const y = attr(b);
  return x && y ? x.parent === y.parent && x.name === y.name : a === b;
}

function bothWays(html: string, path: string): { indexed: unknown; walked: unknown } {
  const doc = parseDocument(html);
  const expr = parseXPath(path);
  xpathIndexing.enabled = false;
  const walked = evaluate(expr, doc);
  xpathIndexing.enabled = true;
  const indexed = evaluate(expr, doc);
  return { indexed, walked };
}

describe('the XPath index answers as the walk does', () => {
  afterEach(() => {
    xpathIndexing.enabled = true;
  });

  it.each([PHISH, NESTED, '', '<p>only text</p>'])('on the same document, for every path (document %#)', (html) => {
    const answeredBefore = xpathIndexWork.answered;
    for (const path of PATHS) {
      const { indexed, walked } = bothWays(html, path);
      // Same nodes, same order, by identity (toBe per element), not merely equal markup.
      if (Array.isArray(walked)) {
        expect(Array.isArray(indexed), path).toBe(true);
        const a = indexed as unknown[];
        expect(a.length, path).toBe(walked.length);
        a.forEach((n, i) => expect(sameNode(n, walked[i]), `${path} [${i}]`).toBe(true));
      } else expect(indexed, path).toEqual(walked);
    }
    // The index was in use, not bypassed.
    expect(xpathIndexWork.answered).toBeGreaterThan(answeredBefore);
  });

  it('finds the nodes a rule expects, through html.xpath', () => {
    const model = makeModel({ body: { html: { raw: PHISH, display_text: null, inner_text: null } } });
    expect(evalMql("length(html.xpath(body.html, '//a').nodes)", { model })).toBe(4);
    expect(evalMql("html.xpath(body.html, '//a[2]').nodes[0].display_text", { model })).toBe('nested');
    expect(evalMql("length(html.xpath(body.html, '//comment()').nodes)", { model })).toBe(2);
    expect(evalMql("html.xpath(body.html, '//td/a[last()]').nodes[0].raw", { model })).toBe('<a href="#">third</a>');
    expect(evalMql("any(html.xpath(body.html, '//text()').nodes, .raw == 'text at end')", { model })).toBe(true);
  });

  it('a caller changing the answer cannot change the index', () => {
    const doc = parseDocument(PHISH);
    const first = evaluate(parseXPath('//a'), doc) as unknown[];
    first.length = 0;
    expect(evaluate(parseXPath('//a'), doc)).toHaveLength(4);
  });

  it('a document over the node cap is walked (and cut) exactly as before', () => {
    // More nodes than MAX_NODES: the walk stops at the cap, so the index must not answer.
    const big = '<div>' + '<a>x</a>'.repeat(Math.ceil(MAX_NODES / 2) + 10) + '</div>';
    const builtBefore = xpathIndexWork.built;
    const answeredBefore = xpathIndexWork.answered;
    for (const path of ['//a', '//a[last()]', '//*', '//text()']) {
      const { indexed, walked } = bothWays(big, path);
      expect((indexed as unknown[]).length, path).toBe((walked as unknown[]).length);
      expect(indexed, path).toEqual(walked);
    }
    expect(xpathIndexWork.built).toBeGreaterThan(builtBefore);
    expect(xpathIndexWork.answered).toBe(answeredBefore);
  });

  it('a document just under the node cap is indexed and answers in full', () => {
    // Document node + one div + n <a> elements + n text nodes = MAX_NODES.
    const n = (MAX_NODES - 2) / 2;
    const html = '<div>' + '<a>x</a>'.repeat(n) + '</div>';
    const answeredBefore = xpathIndexWork.answered;
    const { indexed, walked } = bothWays(html, '//a');
    expect((indexed as unknown[]).length).toBe(n);
    expect((walked as unknown[]).length).toBe(n);
    expect(xpathIndexWork.answered).toBe(answeredBefore + 1);
  });
});
