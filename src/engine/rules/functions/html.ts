/** `html.xpath(html, path)`: the XPath subset of ./xpath-parse.ts over a body or attachment's HTML. */
import type { Value } from '../values.ts';
import { documentOf, evaluate, MAX_RESULT_NODES, toView } from './xpath-eval.ts';
import { parseXPath, XPathUnsupported, type XExpr } from './xpath-parse.ts';
import type { FnTable } from './types.ts';

const parsed = new Map<string, XExpr>();
const needles = new Map<string, string[]>();

/**
 * Strings the lower-cased HTML must contain for the path to select anything: `<tag` for each element step
 * of the main path, and plain-word literals of `contains(…)` predicates. When one is missing the answer is
 * empty without building a DOM, which is the costly part.
 */
function requiredStrings(path: string): string[] {
  let out = needles.get(path);
  if (out) return out;
  out = [];
  const e = compiled(path);
  if (e.k === 'path') {
    for (const step of e.steps) {
      if (step.test.t === 'name') out.push('<' + step.test.name);
      for (const p of step.preds) {
        if (p.k === 'fn' && p.name === 'contains' && p.args[1]?.k === 'str' && /^[A-Za-z0-9 -]{3,}$/.test(p.args[1].v)) {
          out.push(p.args[1].v.toLowerCase());
        }
      }
    }
  }
  needles.set(path, out);
  return out;
}

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
    call: ([html, path]: Value[], env) => {
      if (typeof path !== 'string' || !html || typeof html !== 'object') return null;
      const raw = (html as { raw?: unknown }).raw;
      if (typeof raw !== 'string') return null;
      const lower = env.lower(raw);
      if (!requiredStrings(path).every((n) => lower.includes(n))) return { nodes: [] };
      const doc = documentOf(html, raw);
      if (!doc) return null;
      const result = evaluate(compiled(path), doc);
      return { nodes: Array.isArray(result) ? result.slice(0, MAX_RESULT_NODES).map(toView) : [] };
    },
  },
};
