/**
 * An attribute step (`@class` after `//*`, `//a/@href`, `@*`) collects each context element's attributes in the
 * element's attribute order, without the duplicate check other steps need (its nodes are made afresh). Checked
 * against a reference walk written here over the same DOM: same names, values and owning elements, same order.
 */
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/engine/rules/functions/xpath-eval.ts';
import { parseXPath } from '../../../../src/engine/rules/functions/xpath-parse.ts';

const HTML = `<html><head><meta charset="utf-8"><style>.a{}</style></head>
<body class="b0" data-x="1"><div class="{email}" id="d1" CLASS2="up"><a href="https://evil.example/a" class="btn {RECIPIENT_EMAIL}">Go</a>
<span class="">empty</span><p><a href="#" title="t" 0="zero" 10="ten">two</a></p></div>
<table class="t"><tr><td class="c1">x</td><td>y<img src="i.png" alt="" class="logo"></td></tr></table>
<div class="{email}" hidden>dup value, other element</div></body></html>`;

/** The reference: elements in the order a path's context lists them, then each one's attributes in order. */
function reference(elements: AnyNode[], name: string | null): [string, string, AnyNode][] {
  const out: [string, string, AnyNode][] = [];
  for (const el of elements) {
    if (el.type !== 'tag' && el.type !== 'script' && el.type !== 'style') continue;
    for (const [k, v] of Object.entries((el as Element).attribs)) if (name === null || k.toLowerCase() === name) out.push([k, v, el]);
  }
  return out;
}

const asTriples = (v: unknown) => (v as { name: string; value: string; parent: AnyNode }[]).map((n) => [n.name, n.value, n.parent]);

describe('XPath attribute steps', () => {
  const doc = parseDocument(HTML);
  const cases: [string, string, string | null][] = [
    ['//*/@class', '//*', 'class'],
    ['//*/@*', '//*', null],
    ['//a/@href', '//a', 'href'],
    ['//div/@class', '//div', 'class'],
    ['//td/@class', '//td', 'class'],
    ['//p/a/@title', '//p/a', 'title'],
  ];
  for (const [path, elementsPath, name] of cases) {
    it(`${path} gives every matching attribute of ${elementsPath}, in order`, () => {
      const elements = evaluate(parseXPath(elementsPath), doc) as AnyNode[];
      const got = asTriples(evaluate(parseXPath(path), doc));
      const want = reference(elements, name);
      expect(want.length).toBeGreaterThan(0);
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => {
        expect(g[0]).toBe(want[i]![0]);
        expect(g[1]).toBe(want[i]![1]);
        expect(g[2]).toBe(want[i]![2]);
      });
    });
  }

  it('keeps attributes with equal values on different elements, and numeric attribute names in order', () => {
    const classes = asTriples(evaluate(parseXPath('//*/@class'), doc)).map((t) => t[1]);
    expect(classes.filter((c) => c === '{email}')).toHaveLength(2);
    expect(asTriples(evaluate(parseXPath('//p/a/@*'), doc)).map((t) => t[0])).toEqual(['0', '10', 'href', 'title']);
  });
});
