/**
 * What a subtree depends on, for memoising: a call that reads no lambda item (`.`, `..`) gives the same answer
 * for the whole message, so rules share it under its source-independent key.
 */
import type { Node } from './ast.ts';
import { LAMBDA_FUNCTIONS } from './functions/index.ts';

/** Source-independent key of a subtree (spans dropped), for the per-message memo. */
export function canon(node: Node): string {
  return JSON.stringify(node, (k, v) => (k === 'start' || k === 'end' ? undefined : v));
}

export function dependsOnItem(node: Node): boolean {
  switch (node.k) {
    case 'path':
      return node.depth >= 0;
    case 'lit':
    case 'list':
      return false;
    case 'call':
      // Inside a lambda argument `.` is bound by the call itself; `..` would reach outside.
      if (LAMBDA_FUNCTIONS.has(node.name)) return dependsOnItem(node.args[0]!) || node.args.slice(1).some((a) => reachesOut(a, 1));
      return node.args.some(dependsOnItem) || Object.values(node.named).some(dependsOnItem);
    case 'tuple':
    case 'and':
    case 'or':
    case 'nof':
      return node.items.some(dependsOnItem);
    case 'member':
      return dependsOnItem(node.obj);
    case 'index':
      return dependsOnItem(node.obj) || dependsOnItem(node.idx);
    case 'bin':
      return dependsOnItem(node.l) || dependsOnItem(node.r);
    default:
      return dependsOnItem(node.e);
  }
}

/** Does `node`, nested `level` lambdas deep, reach an item outside them? */
function reachesOut(node: Node, level: number): boolean {
  if (node.k === 'path') return node.depth >= level;
  if (node.k === 'call' && LAMBDA_FUNCTIONS.has(node.name)) {
    return reachesOut(node.args[0]!, level) || node.args.slice(1).some((a) => reachesOut(a, level + 1));
  }
  let out = false;
  const kids: Node[] =
    node.k === 'call' ? [...node.args, ...Object.values(node.named)]
    : node.k === 'tuple' || node.k === 'and' || node.k === 'or' || node.k === 'nof' ? node.items
    : node.k === 'member' ? [node.obj]
    : node.k === 'index' ? [node.obj, node.idx]
    : node.k === 'bin' ? [node.l, node.r]
    : node.k === 'not' || node.k === 'neg' || node.k === 'isnull' ? [node.e]
    : [];
  for (const k of kids) out ||= reachesOut(k, level);
  return out;
}


/**
 * The enclosing lambda items a subtree reads, as depths from where it stands (0 = `.`, 1 = `..`); items bound
 * by lambdas inside the subtree are not counted. Empty: the subtree depends on the message alone.
 */
export function itemLevels(node: Node, level = 0, out = new Set<number>()): Set<number> {
  if (node.k === 'path') {
    if (node.depth >= level) out.add(node.depth - level);
    return out;
  }
  if (node.k === 'call' && LAMBDA_FUNCTIONS.has(node.name)) {
    itemLevels(node.args[0]!, level, out);
    for (const a of node.args.slice(1)) itemLevels(a, level + 1, out);
    return out;
  }
  const kids: Node[] =
    node.k === 'call' ? [...node.args, ...Object.values(node.named)]
    : node.k === 'tuple' || node.k === 'and' || node.k === 'or' || node.k === 'nof' ? node.items
    : node.k === 'member' ? [node.obj]
    : node.k === 'index' ? [node.obj, node.idx]
    : node.k === 'bin' ? [node.l, node.r]
    : node.k === 'not' || node.k === 'neg' || node.k === 'isnull' ? [node.e]
    : [];
  for (const k of kids) itemLevels(k, level, out);
  return out;
}

/** The depth (1 or more) of the one enclosing item a subtree reads when it reads no other, else null. */
export function outerItemDepth(node: Node): number | null {
  const levels = itemLevels(node);
  if (levels.size !== 1) return null;
  const [depth] = levels as unknown as [number];
  return depth >= 1 ? depth : null;
}
