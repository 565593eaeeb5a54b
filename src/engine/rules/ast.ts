/** The MQL syntax tree. Every node keeps its source span so that findings can quote the part that matched. */
interface Span {
  start: number;
  end: number;
}

export type BinaryOp =
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | '!~'
  | 'in' | 'not in' | 'in~' | 'not in~'
  | '+' | '-' | '*' | '/' | '%';

export type Node = Span &
  (
    | { k: 'lit'; v: string | number | boolean | null }
    /** A field path: from the message (`depth` -1) or from a lambda item (`depth` 0 = `.`, 1 = `..`). */
    | { k: 'path'; depth: number; parts: string[] }
    | { k: 'list'; name: string }
    | { k: 'tuple'; items: Node[] }
    | { k: 'call'; name: string; args: Node[]; named: Record<string, Node> }
    | { k: 'member'; obj: Node; parts: string[] }
    | { k: 'index'; obj: Node; idx: Node }
    | { k: 'not'; e: Node }
    | { k: 'and'; items: Node[] }
    | { k: 'or'; items: Node[] }
    | { k: 'bin'; op: BinaryOp; l: Node; r: Node }
    | { k: 'neg'; e: Node }
    | { k: 'isnull'; e: Node; negated: boolean }
    | { k: 'nof'; n: number; items: Node[] }
  );

/** Calls every node of a tree, parents first. */
export function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  switch (node.k) {
    case 'tuple':
    case 'and':
    case 'or':
    case 'nof':
      node.items.forEach((n) => walk(n, visit));
      break;
    case 'call':
      node.args.forEach((n) => walk(n, visit));
      Object.values(node.named).forEach((n) => walk(n, visit));
      break;
    case 'member':
      walk(node.obj, visit);
      break;
    case 'index':
      walk(node.obj, visit);
      walk(node.idx, visit);
      break;
    case 'not':
    case 'neg':
    case 'isnull':
      walk(node.e, visit);
      break;
    case 'bin':
      walk(node.l, visit);
      walk(node.r, visit);
      break;
    default:
      break;
  }
}
