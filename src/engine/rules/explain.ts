/**
 * Why a rule matched: re-walks the boolean skeleton of a matching rule (only after it matched, so the cost
 * is paid once per finding) and names the conditions that held — for `and` every conjunct, for `or` the first
 * branch that held, for `N of` the ones that held — quoting each leaf's source, shortened.
 */
import type { Node } from './ast.ts';
import type { Fn } from './compile.ts';
import type { EvalEnv } from './eval-env.ts';
import { itemsOf, member, truthy, type Value } from './values.ts';

const MAX_ITEM = 60;

/** Shortens text for evidence without splitting a surrogate pair. */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return s.slice(0, end) + '…';
}

/** A short name for the element an `any(...)` matched on: a string, or the telling field of an object. */
function describeItem(v: Value): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  for (const path of [['href_url', 'url'], ['email', 'email'], ['file_name'], ['display_name'], ['url'], ['name'], ['raw'], ['text']]) {
    let cur: Value = v;
    for (const key of path) cur = member(cur, key);
    if (typeof cur === 'string' && cur) return cur;
  }
  return null;
}

/** The first element of `any(list, pred)` for which `pred` holds, described; null when not found. */
function matchedItem(node: Extract<Node, { k: 'call' }>, fns: Map<Node, Fn>, env: EvalEnv): string | null {
  const list = fns.get(node.args[0]!);
  const pred = node.args[1] && fns.get(node.args[1]);
  if (!list || !pred) return null;
  const items = itemsOf(list(env));
  if (!items) return null;
  env.stack.push(null);
  try {
    for (const item of items) {
      env.stack[env.stack.length - 1] = item;
      if (truthy(pred(env))) {
        const d = describeItem(item);
        return d === null ? null : clipText(d, MAX_ITEM);
      }
    }
  } finally {
    env.stack.pop();
  }
  return null;
}

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
    return clipText(text, MAX_LEAF);
  };
  const visit = (n: Node): void => {
    if (n.k === 'and') n.items.forEach(visit);
    else if (n.k === 'or') {
      const hit = n.items.find(holds);
      if (hit) visit(hit);
    } else if (n.k === 'nof') n.items.filter(holds).forEach(visit);
    else {
      const q = quote(n);
      if (TRIVIAL.test(q)) return;
      // For `any(...)` name the element that matched: which link, which attachment, which brand.
      let item: string | null = null;
      if (n.k === 'call' && n.name === 'any') {
        try {
          item = matchedItem(n, fns, env);
        } catch {}
      }
      out.push(item === null ? q : `${q} [on ${JSON.stringify(item)}]`);
    }
  };
  visit(node);
  return out;
}
