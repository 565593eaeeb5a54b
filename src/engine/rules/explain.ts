/**
 * Why a rule matched: re-walks the boolean skeleton of a matching rule (only after it matched, so the cost
 * is paid once per finding) and names the conditions that held — for `and` every conjunct, for `or` the first
 * branch that held, for `N of` the ones that held — quoting each leaf's source, shortened.
 */
import type { Node } from './ast.ts';
import type { Fn } from './compile.ts';
import type { EvalEnv } from './eval-env.ts';
import { truthy } from './values.ts';

const MAX_LEAF = 90;
/** Conditions that hold in almost every inbound message say nothing about why this one matched. */
const TRIVIAL = /^type\.(inbound|outbound|internal)$/;

export function explainMatch(node: Node, fns: Map<Node, Fn>, env: EvalEnv, src: string): string[] {
  const out: string[] = [];
  const holds = (n: Node): boolean => {
    const f = fns.get(n);
    try {
      return f ? truthy(f(env)) : false;
    } catch {
      return false;
    }
  };
  const quote = (n: Node): string => {
    const text = src.slice(n.start, n.end).replace(/\/\/[^\n]*/g, '').replace(/\s+/g, ' ').trim();
    return text.length > MAX_LEAF ? text.slice(0, MAX_LEAF - 1) + '…' : text;
  };
  const visit = (n: Node): void => {
    if (n.k === 'and') n.items.forEach(visit);
    else if (n.k === 'or') {
      const hit = n.items.find(holds);
      if (hit) visit(hit);
    } else if (n.k === 'nof') n.items.filter(holds).forEach(visit);
    else {
      const q = quote(n);
      if (!TRIVIAL.test(q)) out.push(q);
    }
  };
  visit(node);
  return out;
}
