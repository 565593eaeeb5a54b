/**
 * The body's DOM is built from the renderer's token stream (parse/html-document.ts) instead of a second
 * `parseDocument(raw)` in the rules. It must be that very DOM: each document below is built both ways and
 * compared node by node, and the rules' xpaths answer the same over a message parsed with and without it.
 */
import type { AnyNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { keptHtmlDocument } from '../../../../src/engine/parse/html-document.ts';
import { MAX_HTML_DEPTH, renderHtml } from '../../../../src/engine/parse/html-render.ts';
import { buildEml } from '../../../helpers/build-eml.ts';
import { makeEnv } from '../rules/eval-helper.ts';
import { compileMql } from '../../../../src/engine/rules/compile.ts';
import { parseMql } from '../../../../src/engine/rules/parser.ts';
import { parse } from './parse-helper.ts';

const DOCS = [
  '<!DOCTYPE html><html><head><title>Sign in</title><style>p{}</style><script>if (a < b && c > d) x()</script></head>' +
    '<body><!-- banner --><DIV Class="Main" data-x=\'1\'><P>Hello &amp; <b>there&nbsp;</b><A HREF="https://e.example/b">Second</A></P>' +
    '<p>unclosed<li>item<li>item 2</div><table><tr><td>cell<td>cell 2</table><img src=x.png alt=Logo>' +
    '<br/><input type="hidden" value="v"><![CDATA[cdata]]><?php echo 1 ?><svg><path d="M0"/></svg></body></html>',
  'plain text, no markup at all',
  '<p>a</p></div></span>stray closes<p>b',
  '<a href="#"><div>block in inline</div></a><select><option>1<option>2</select><textarea><b>not a tag</b></textarea>',
  '<html><body><div>' + '<span>'.repeat(50) + 'deep' + '</span>'.repeat(50) + '</div><!-- c1 --><!-- c2 -->',
  '<title>t</title><p style="display:none">hidden<p>shown<pre>  keep   spaces </pre>&#x41;&#66;&unknown;',
  '',
];

/** A node as plain data: type, name, attributes, text and children, recursively. */
function shape(n: AnyNode): unknown {
  const o = n as unknown as { type: string; name?: string; attribs?: Record<string, string>; data?: string; children?: AnyNode[] };
  return { type: o.type, name: o.name, attribs: o.attribs, data: o.data, children: o.children?.map(shape) };
}

describe('the body DOM built with the rendering', () => {
  it.each(DOCS.map((d, i) => [i, d] as const))('document %i is the DOM parseDocument builds', (_i, html) => {
    const r = renderHtml(html, 100, { document: true });
    expect(r.document).not.toBeNull();
    expect(shape(r.document!)).toEqual(shape(parseDocument(html)));
    // And the rendering itself is unchanged by building the DOM alongside.
    const { document: _d, ...withDom } = r;
    const { document: _n, ...plain } = renderHtml(html, 100);
    expect(withDom).toEqual(plain);
  });

  it('keeps no DOM when the renderer stopped at a cap (the rules then build their own)', () => {
    const r = renderHtml('<div>'.repeat(MAX_HTML_DEPTH + 5), 100, { document: true });
    expect(r.cutShort).toBe(true);
    expect(r.document).toBeNull();
  });

  it('is kept per body only when asked for, and html.xpath answers the same either way', async () => {
    const html = DOCS[0]!;
    const raw = buildEml({ html });
    const own = await parse(raw);
    // parse() leaves it off; the engine turns it on when a loaded rule calls html.xpath.
    expect(keptHtmlDocument(own.body.html!, own.body.html!.raw!)).toBeNull();
    const { parseMessage } = await import('../../../../src/engine/parse/parse-message.ts');
    const { DEFAULT_LIMITS } = await import('../../../../src/engine/limits.ts');
    const withDom = await parseMessage(Buffer.from(raw), { limits: DEFAULT_LIMITS, orgDomains: [], externalId: 't', htmlDocument: true });
    expect(keptHtmlDocument(withDom.body.html!, withDom.body.html!.raw!)).not.toBeNull();
    for (const path of ['//*/@class', '//a', '//comment()', '//td[2]', '//title', '//p//text()', '//*[local-name() = "svg"]']) {
      const expr = compileMql(parseMql(`map(html.xpath(body.html, '${path}').nodes, .raw)`));
      const a = expr.fn(makeEnv({ model: withDom }));
      expect(Array.isArray(a) && a.length > 0, path).toBe(true);
      expect(a, path).toEqual(expr.fn(makeEnv({ model: own })));
    }
  });
});
