/** Small DOM helpers over htmlparser2/domhandler nodes. */
import type { AnyNode } from 'domhandler';

const BLOCK = new Set(['p', 'div', 'br', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'section', 'article']);
const SKIP = new Set(['script', 'style', 'head', 'title']);

/**
 * Visible-ish text: scripts, styles and the head below `node` dropped, block elements separated by new lines.
 * Iterative, so hostile HTML nested 100 000 deep cannot overflow the stack.
 */
export function textContent(node: AnyNode, max = Infinity): string {
  const parts: string[] = [];
  let size = 0;
  // A stack of nodes to enter, and markers (strings) to emit once an element's children are done.
  const stack: (AnyNode | string)[] = [node];
  while (stack.length && size < max) {
    const n = stack.pop()!;
    if (typeof n === 'string') {
      parts.push(n);
      continue;
    }
    if (n.type === 'text') {
      const data = (n as unknown as { data: string }).data;
      parts.push(data);
      size += data.length;
    }
    else if ('children' in n && n.children) {
      const name = (n as { name?: string }).name;
      if (name && SKIP.has(name) && n !== node) continue;
      if (name && BLOCK.has(name)) stack.push('\n');
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return parts.join('').replace(/[ \t\r\f]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Outer HTML of a node, iteratively and at most `max` characters (a node's markup nests all of its children). */
export function outerHtml(node: AnyNode, max: number): string {
  let out = '';
  const stack: (AnyNode | string)[] = [node];
  while (stack.length && out.length < max) {
    const n = stack.pop()!;
    if (typeof n === 'string') {
      out += n;
      continue;
    }
    if (n.type === 'text') out += (n as unknown as { data: string }).data;
    else if (n.type === 'comment') out += `<!--${(n as unknown as { data: string }).data}-->`;
    else if ('children' in n && 'name' in n) {
      const el = n as unknown as { name: string; attribs: Record<string, string>; children: AnyNode[] };
      const attrs = Object.entries(el.attribs).map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${v.replace(/"/g, '&quot;')}"`));
      out += `<${el.name}${attrs.join('')}>`;
      if (VOID.has(el.name)) continue;
      stack.push(`</${el.name}>`);
      for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
    } else if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out.length > max ? out.slice(0, max) : out;
}
