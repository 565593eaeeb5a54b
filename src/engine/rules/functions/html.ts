/** `html.xpath(html, path)`: the XPath subset of ./xpath-parse.ts over a body or attachment's HTML. */
import type { Value } from '../values.ts';
import { documentOf, evaluate, toView } from './xpath-eval.ts';
import { parseXPath, XPathUnsupported, type XExpr } from './xpath-parse.ts';
import type { FnTable } from './types.ts';

const parsed = new Map<string, XExpr>();

function compiled(path: string): XExpr {
  let e = parsed.get(path);
  if (!e) {
    e = parseXPath(path);
    parsed.set(path, e);
  }
  return e;
}

/** Compile-time check of a literal path: the name of the missing XPath feature, or null when supported. */
export function xpathSupport(path: string): string | null {
  try {
    compiled(path);
    return null;
  } catch (e) {
    if (e instanceof XPathUnsupported) return 'html.xpath(' + e.message + ')';
    throw e;
  }
}

export const HTML_FUNCTIONS: FnTable = {
  'html.xpath': {
    minArgs: 2,
    maxArgs: 2,
    literalCheck: { index: 1, check: xpathSupport },
    call: ([html, path]: Value[]) => {
      if (typeof path !== 'string' || !html || typeof html !== 'object') return null;
      const raw = (html as { raw?: unknown }).raw;
      if (typeof raw !== 'string') return null;
      const doc = documentOf(html, raw);
      const result = evaluate(compiled(path), doc);
      return { nodes: Array.isArray(result) ? result.map(toView) : [] };
    },
  },
};
