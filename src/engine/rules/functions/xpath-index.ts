/**
 * Per-document index for the commonest XPath step, `//name` (also `//*`, `//text()`, `//comment()`) from the
 * document root. Rules ask dozens of these of the same HTML body; without an index each one walks every node.
 * One walk builds, for every node test, the list a walk would produce: for each node in document order, its
 * matching children in order. That is exactly what evaluating the step node by node yields, so results and
 * positions (`[1]`) stay the same.
 */
import type { AnyNode, Document, Element } from 'domhandler';
import type { Step } from './xpath-parse.ts';

/** The four node tests the index answers. Keys: `name:<lower-case tag>`, `*`, `text`, `comment`. */
export type IndexKey = string;

/** Counts indexes built and steps answered from one, so tests can prove the index is used. */
export const xpathIndexWork = { built: 0, answered: 0 };
/** Tests switch the index off to compare its answers with the walk's on the same documents. */
export const xpathIndexing = { enabled: true };

const indexes = new WeakMap<Document, Map<IndexKey, AnyNode[]> | null>();

const isElement = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

function add(index: Map<IndexKey, AnyNode[]>, key: IndexKey, n: AnyNode): void {
  const list = index.get(key);
  if (list) list.push(n);
  else index.set(key, [n]);
}

/**
 * The index of `doc`, or null when it has more than `maxNodes` nodes: past that the unindexed walk cuts its
 * work at `maxNodes` and the index would answer differently.
 */
export function indexOf(doc: Document, maxNodes: number): Map<IndexKey, AnyNode[]> | null {
  let index = indexes.get(doc);
  if (index !== undefined) return index;
  index = new Map();
  // Document order, iteratively (as the walk does) so deep nesting cannot overflow the stack.
  const stack: AnyNode[] = [doc];
  let seen = 0;
  while (stack.length) {
    const cur = stack.pop()!;
    if (++seen > maxNodes) {
      index = null;
      break;
    }
    const kids = 'children' in cur ? cur.children : [];
    for (const c of kids) {
      if (isElement(c)) {
        add(index, 'name:' + c.name.toLowerCase(), c);
        add(index, '*', c);
      } else if (c.type === 'text') add(index, 'text', c);
      else if (c.type === 'comment') add(index, 'comment', c);
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  xpathIndexWork.built++;
  indexes.set(doc, index);
  return index;
}

/** `//name` (or `//*`, `//text()`, `//comment()`) from the document: what the index answers. */
function keyOf(step: Step): IndexKey | null {
  if (!step.descendant || step.axis !== 'child') return null;
  const t = step.test;
  return t.t === 'name' ? 'name:' + t.name : t.t === 'any' ? '*' : t.t === 'text' || t.t === 'comment' ? t.t : null;
}

/** The nodes `step` finds from the document `doc` (shared: never change it), or null when the index cannot say. */
export function fromIndex(doc: Document, step: Step, maxNodes: number): AnyNode[] | null {
  if (!xpathIndexing.enabled) return null;
  const key = keyOf(step);
  const index = key === null ? null : indexOf(doc, maxNodes);
  if (!index) return null;
  xpathIndexWork.answered++;
  return index.get(key!) ?? [];
}
