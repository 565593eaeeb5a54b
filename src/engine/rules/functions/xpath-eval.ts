/**
 * Evaluates a parsed XPath subset over an htmlparser2 document and returns Sublime's shape for
 * `html.xpath(...)`: `{ nodes: [{ raw, display_text, inner_text }] }`. Element `raw` is the outer HTML;
 * attribute, text and comment nodes give their value. Work is bounded by `MAX_NODES` per step.
 */
import type { AnyNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { keptHtmlDocument } from '../../parse/html-document.ts';
import { outerHtml, textContent } from './html-dom.ts';
import { fromIndex } from './xpath-index.ts';
import type { NodeTest, Step, XExpr } from './xpath-parse.ts';

/** Nodes one step may produce; hostile HTML with millions of elements is cut here. */
export const MAX_NODES = 50_000;
/** Nodes `html.xpath` returns, and characters of markup or text per node: views nest, so both are capped. */
export const MAX_RESULT_NODES = 2_000;
export const MAX_VIEW_CHARS = 100_000;

/** An attribute as a node of its own, as XPath sees it. */
interface AttrNode {
  type: 'attr';
  name: string;
  value: string;
  parent: Element;
}
type XNode = AnyNode | AttrNode;
type XValue = XNode[] | string | number | boolean;

const documents = new WeakMap<object, Document | null>();

/** Nesting past which no DOM is built: htmlparser2's tag stack makes deep nesting cost quadratic time. */
export const MAX_HTML_DEPTH = 1_000;
/** Counts DOMs built, so tests can prove hostile HTML never gets one, and nodes the long axes walked. */
export const xpathWork = { documents: 0, axisNodes: 0 };

const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Deepest element nesting, by one linear scan of the tags (close enough: it only has to spot abuse). */
function nestingDepth(raw: string): number {
  let depth = 0;
  let max = 0;
  for (const m of raw.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g)) {
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID_TAGS.has(m[2]!.toLowerCase())) max = Math.max(max, ++depth);
  }
  return max;
}

/**
 * One DOM per HTML body, however many xpaths the rules ask of it; null for HTML nested past MAX_HTML_DEPTH.
 * The body's DOM usually comes from parsing (built with the rendering, ../../parse/html-document.ts).
 */
export function documentOf(key: object, raw: string): Document | null {
  let doc = documents.get(key);
  if (doc === undefined) {
    doc = nestingDepth(raw) > MAX_HTML_DEPTH ? null : (keptHtmlDocument(key, raw) ?? parseDocument(raw));
    if (doc) xpathWork.documents++;
    documents.set(key, doc);
  }
  return doc;
}

const isElement = (n: XNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const childrenOf = (n: XNode): AnyNode[] => (n.type !== 'attr' && 'children' in n ? n.children : []);

function stringValue(n: XNode): string {
  if (n.type === 'attr') return n.value;
  if (n.type === 'text' || n.type === 'comment') return (n as unknown as { data: string }).data;
  return textContent(n as AnyNode);
}

function matches(n: AnyNode, test: NodeTest): boolean {
  switch (test.t) {
    case 'name':
      return isElement(n) && n.name.toLowerCase() === test.name;
    case 'any':
      return isElement(n);
    case 'text':
      return n.type === 'text';
    case 'comment':
      return n.type === 'comment';
    default:
      return false;
  }
}

/** Document order, iteratively (deep nesting must not overflow the stack), at most MAX_NODES. */
function descendantsOrSelf(n: XNode, out: XNode[]): void {
  const stack: XNode[] = [n];
  while (stack.length && out.length <= MAX_NODES) {
    const cur = stack.pop()!;
    out.push(cur);
    const kids = childrenOf(cur);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

function parentOf(n: XNode): XNode | null {
  return n.type === 'attr' ? n.parent : ((n.parent as AnyNode | null) ?? null);
}

/**
 * Nodes `following::` and `preceding::` may walk per document, over every path asked of it: each step walks
 * up to the whole document, so `table[count(following::hr) > 0]` over thousands of tables is quadratic.
 * Past the allowance these axes find nothing.
 */
export const MAX_AXIS_WALK = 1_000_000;
const axisWalked = new WeakMap<XNode, number>();

/** Charges a walk of `n` nodes to the document of `from`; false when its allowance was already spent. */
function axisAllowance(from: XNode, n: number): boolean {
  const root = rootOf(from);
  const used = axisWalked.get(root) ?? 0;
  if (used >= MAX_AXIS_WALK) return false;
  axisWalked.set(root, used + n);
  xpathWork.axisNodes += n;
  return true;
}

/** Every node after `n` in document order but outside it (an attribute's element content follows it). */
function following(n: XNode): XNode[] {
  if (!axisAllowance(n, 0)) return [];
  const out: XNode[] = [];
  let cur: XNode | null = n;
  if (n.type === 'attr') {
    for (const c of childrenOf(n.parent)) descendantsOrSelf(c, out);
    cur = n.parent;
  }
  for (; cur && out.length <= MAX_NODES; cur = parentOf(cur)) {
    for (let s = (cur as AnyNode).next; s && out.length <= MAX_NODES; s = s.next) descendantsOrSelf(s, out);
  }
  axisAllowance(n, out.length);
  return out;
}

/** Every node before `n` in document order except its ancestors, nearest first (a reverse axis). */
function preceding(n: XNode): XNode[] {
  if (!axisAllowance(n, 0)) return [];
  const out: XNode[] = [];
  for (let cur: XNode | null = n.type === 'attr' ? n.parent : n; cur && out.length <= MAX_NODES; cur = parentOf(cur)) {
    for (let s = (cur as AnyNode).prev; s && out.length <= MAX_NODES; s = s.prev) {
      const subtree: XNode[] = [];
      descendantsOrSelf(s, subtree);
      for (let j = subtree.length - 1; j >= 0; j--) out.push(subtree[j]!);
    }
  }
  axisAllowance(n, out.length);
  return out;
}

/** The nodes an axis reaches from `n`, nearest first for the reverse axes (as XPath numbers positions). */
function alongAxis(n: XNode, step: Step): XNode[] {
  switch (step.axis) {
    case 'self':
      return [n];
    case 'parent': {
      const p = parentOf(n);
      return p ? [p] : [];
    }
    case 'ancestor':
    case 'ancestor-or-self': {
      const out: XNode[] = step.axis === 'ancestor-or-self' ? [n] : [];
      for (let p = parentOf(n); p; p = parentOf(p)) out.push(p);
      return out;
    }
    case 'following-sibling':
    case 'preceding-sibling': {
      const p = parentOf(n);
      if (!p || n.type === 'attr') return [];
      const kids = childrenOf(p);
      const at = kids.indexOf(n as AnyNode);
      return step.axis === 'following-sibling' ? kids.slice(at + 1) : kids.slice(0, at).reverse();
    }
    case 'following':
      return following(n);
    case 'preceding':
      return preceding(n);
    case 'descendant':
    case 'descendant-or-self': {
      const out: XNode[] = [];
      descendantsOrSelf(n, out);
      return step.axis === 'descendant' ? out.slice(1) : out;
    }
    default:
      return childrenOf(n);
  }
}

function applyStep(context: XNode[], step: Step): XNode[] {
  const result: XNode[] = [];
  const seen = new Set<XNode>();
  for (const ctx of context) {
    const indexed = ctx.type === 'root' ? fromIndex(ctx as Document, step, MAX_NODES) : null;
    const bases: XNode[] = [];
    if (indexed) {
      // Nothing to walk: the index holds what the walk below would find.
    } else if (step.descendant) descendantsOrSelf(ctx, bases);
    else bases.push(ctx);
    let found: XNode[] = indexed ?? [];
    for (const b of bases) {
      if (step.test.t === 'self') found.push(b);
      else if (step.test.t === 'attr') {
        if (!isElement(b)) continue;
        // `for…in` lists an element's attributes in the order Object.entries does, without an array per element.
        const attribs = b.attribs;
        for (const name in attribs) {
          if (step.test.name === null || name.toLowerCase() === step.test.name) found.push({ type: 'attr', name, value: attribs[name]!, parent: b });
        }
      } else for (const c of alongAxis(b, step)) if (c.type !== 'attr' && matches(c, step.test)) found.push(c);
      if (found.length > MAX_NODES) break;
    }
    for (const pred of step.preds) {
      const size = found.length;
      found = found.filter((n, idx) => {
        const v = evaluate(pred, n, idx + 1, size);
        return typeof v === 'number' ? v === idx + 1 : toBool(v);
      });
    }
    // One context and an indexed step: each node is listed once, under its one parent, so nothing repeats.
    if (indexed && context.length === 1 && found.length <= MAX_NODES) return found === indexed ? [...found] : found;
    // Attribute nodes were made afresh by this step, so none can repeat (`//*/@class` over every element).
    if (step.test.t === 'attr' && !indexed) for (const n of found) result.push(n);
    else {
      for (const n of found) {
        if (seen.has(n)) continue;
        seen.add(n);
        result.push(n);
      }
    }
    if (result.length > MAX_NODES) break;
  }
  return result;
}

function toBool(v: XValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  return v;
}

function toStr(v: XValue): string {
  if (Array.isArray(v)) return v.length ? stringValue(v[0]!) : '';
  return String(v);
}

function rootOf(n: XNode): XNode {
  let cur: XNode = n.type === 'attr' ? n.parent : n;
  while ((cur as AnyNode).parent) cur = (cur as AnyNode).parent as AnyNode;
  return cur;
}

function toNum(v: XValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const t = toStr(v).trim();
  return t === '' ? NaN : Number(t);
}

/** Evaluates `e` with `ctx` as the context node at `pos` of `size` (for position() and last()). */
export function evaluate(e: XExpr, ctx: XNode, pos = 1, size = 1): XValue {
  switch (e.k) {
    case 'str':
      return e.v;
    case 'num':
      return e.v;
    case 'path': {
      let nodes: XNode[] = [e.absolute ? rootOf(ctx) : ctx];
      for (const step of e.steps) nodes = applyStep(nodes, step);
      return nodes;
    }
    case 'bin': {
      if (e.op === 'and') return toBool(evaluate(e.l, ctx, pos, size)) && toBool(evaluate(e.r, ctx, pos, size));
      if (e.op === 'or') return toBool(evaluate(e.l, ctx, pos, size)) || toBool(evaluate(e.r, ctx, pos, size));
      const l = evaluate(e.l, ctx, pos, size);
      const r = evaluate(e.r, ctx, pos, size);
      if (e.op === '|') {
        const all = [...(Array.isArray(l) ? l : []), ...(Array.isArray(r) ? r : [])];
        return [...new Set(all)];
      }
      const ls = Array.isArray(l) ? l.map(stringValue) : [toStr(l)];
      const rs = Array.isArray(r) ? r.map(stringValue) : [toStr(r)];
      if (e.op === '=' || e.op === '!=') {
        const numeric = typeof l === 'number' || typeof r === 'number';
        const test = (a: string, b: string) => (numeric ? Number(a) === Number(b) : a === b) === (e.op === '=');
        return ls.some((a) => rs.some((b) => test(a, b)));
      }
      const cmp = { '<': (a: number, b: number) => a < b, '>': (a: number, b: number) => a > b, '<=': (a: number, b: number) => a <= b, '>=': (a: number, b: number) => a >= b }[e.op];
      return ls.some((a) => rs.some((b) => cmp(toNum(a), toNum(b))));
    }
    case 'fn':
      return callFn(e.name, e.args, ctx, pos, size);
  }
}

function callFn(name: string, args: XExpr[], ctx: XNode, pos: number, size: number): XValue {
  const arg = (i: number): string => (args[i] ? toStr(evaluate(args[i]!, ctx, pos, size)) : stringValue(ctx));
  switch (name) {
    case 'contains':
      return arg(0).includes(arg(1));
    case 'starts-with':
      return arg(0).startsWith(arg(1));
    case 'normalize-space':
      return arg(0).replace(/\s+/g, ' ').trim();
    case 'string-length':
      return arg(0).length;
    case 'string':
      return arg(0);
    case 'number':
      return toNum(args[0] ? evaluate(args[0], ctx, pos, size) : stringValue(ctx));
    case 'translate': {
      const from = arg(1);
      const to = arg(2);
      let out = '';
      for (const ch of arg(0)) {
        const at = from.indexOf(ch);
        out += at < 0 ? ch : (to[at] ?? '');
      }
      return out;
    }
    case 'position':
      return pos;
    case 'last':
      return size;
    case 'not':
      return !toBool(evaluate(args[0]!, ctx, pos, size));
    case 'count': {
      const v = evaluate(args[0]!, ctx, pos, size);
      return Array.isArray(v) ? v.length : 0;
    }
    case 'local-name':
    case 'name':
      return ctx.type === 'attr' ? ctx.name : isElement(ctx) ? ctx.name : '';
    default:
      return false;
  }
}

export interface XPathNodeView {
  raw: string;
  display_text: string;
  inner_text: string;
}

/** Views by DOM node: rules that select the same nodes by different paths share their markup and text. */
const views = new WeakMap<AnyNode, XPathNodeView>();

/** A node's view; `raw` and the texts are computed on first read (rules often read one of them, or none). */
export function toView(n: XNode): XPathNodeView {
  if (n.type === 'attr') return makeView(n);
  let v = views.get(n);
  if (!v) views.set(n, (v = makeView(n)));
  return v;
}

function makeView(n: XNode): XPathNodeView {
  if (n.type === 'attr' || n.type === 'text' || n.type === 'comment') {
    const v = stringValue(n).slice(0, MAX_VIEW_CHARS);
    return { raw: v, display_text: v, inner_text: v };
  }
  let raw: string | undefined;
  let text: string | undefined;
  const node = n as AnyNode;
  return {
    get raw() {
      return (raw ??= outerHtml(node, MAX_VIEW_CHARS));
    },
    get display_text() {
      return (text ??= textContent(node, MAX_VIEW_CHARS));
    },
    get inner_text() {
      return (text ??= textContent(node, MAX_VIEW_CHARS));
    },
  };
}
