/** Small DOM helpers over htmlparser2/domhandler nodes. */
import type { AnyNode } from 'domhandler';

const BLOCK = new Set(['p', 'div', 'br', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'section', 'article']);
const SKIP = new Set(['script', 'style', 'head', 'title']);

/** Visible-ish text: scripts, styles and the head below `node` dropped, block elements separated by new lines. */
export function textContent(node: AnyNode): string {
  const parts: string[] = [];
  const visit = (n: AnyNode): void => {
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if ('children' in n && n.children) {
      const name = (n as { name?: string }).name;
      if (name && SKIP.has(name) && n !== node) return;
      for (const c of n.children) visit(c);
      if (name && BLOCK.has(name)) parts.push('\n');
    }
  };
  visit(node);
  return parts.join('').replace(/[ \t\r\f]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}
