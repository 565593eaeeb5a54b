/**
 * Compiles an MQL syntax tree to closures, once per rule. Calls that do not depend on a lambda item are
 * memoised per message under their normalised source, so identical sub-expressions across rules run once.
 * Unknown functions are collected (the rule is then unsupported and never run); arity errors and invalid
 * regex literals are compile errors.
 */
import type { Node } from './ast.ts';
import type { EvalEnv } from './eval-env.ts';
import { FUNCTIONS, LAMBDA_FUNCTIONS } from './functions/index.ts';
import { SPECIALIZERS } from './functions/specialized.ts';
import { decodeQuery } from './functions/url-parts.ts';
import { compileRegex, RegexError } from './regex.ts';
import { canon, dependsOnItem, outerItemDepth } from './item-deps.ts';
import { compileLambda } from './compile-lambda.ts';
import { growSlots, slotOf, UNSET } from './memo-slots.ts';
import { eq, ieq, isNull, itemsOf, member, order, truthy, type Value } from './values.ts';

export type Fn = (env: EvalEnv) => Value;

export class MqlCompileError extends Error {}

export interface CompiledExpr {
  fn: Fn;
  /** The closure of every node, for explaining a match. */
  fns: Map<Node, Fn>;
  /** Functions this expression calls that are not evaluated locally. */
  unsupported: Set<string>;
  lists: Set<string>;
  usesProfile: boolean;
  /** Every function the expression calls (the detector prepares what some of them need). */
  calls: Set<string>;
}

export function compileMql(ast: Node): CompiledExpr {
  const c = new Compiler();
  const fn = c.compile(ast);
  return { fn, fns: c.fns, unsupported: c.unsupported, lists: c.lists, usesProfile: c.usesProfile, calls: c.calls };
}

function readPath(obj: Value, parts: readonly string[]): Value {
  let v = obj;
  for (const p of parts) {
    if (p === 'query_params_decoded' && v && typeof v === 'object' && !('query_params_decoded' in v)) {
      v = decodeQuery(member(v, 'query_params') as string | null);
      continue;
    }
    v = member(v, p);
    if (v === null) return null;
  }
  return v;
}

class Compiler {
  readonly fns = new Map<Node, Fn>();
  readonly unsupported = new Set<string>();
  readonly lists = new Set<string>();
  readonly calls = new Set<string>();
  usesProfile = false;

  compile(node: Node): Fn {
    const fn = this.build(node);
    this.fns.set(node, fn);
    return fn;
  }

  private build(node: Node): Fn {
    switch (node.k) {
      case 'lit': {
        const v = node.v;
        return () => v;
      }
      case 'path':
        return this.path(node.depth, node.parts);
      case 'list': {
        this.lists.add(node.name);
        const name = node.name;
        return (env) => env.lists(name);
      }
      case 'tuple': {
        const items = node.items.map((n) => this.compile(n));
        return (env) => items.map((f) => f(env));
      }
      case 'member': {
        const obj = this.compile(node.obj);
        const parts = node.parts;
        return (env) => readPath(obj(env), parts);
      }
      case 'index': {
        const obj = this.compile(node.obj);
        const idx = this.compile(node.idx);
        return (env) => {
          const o = obj(env);
          const i = idx(env);
          if (Array.isArray(o) && typeof i === 'number') return o[i < 0 ? o.length + i : i] ?? null;
          if (typeof i === 'string') return member(o, i);
          return null;
        };
      }
      case 'not': {
        const e = this.compile(node.e);
        return (env) => !truthy(e(env));
      }
      case 'and': {
        const items = this.operands(node.items);
        // Two operands (the commonest case, and every lambda body `a and b`) without a loop.
        if (items.length === 2) {
          const [a, b] = items as [Fn, Fn];
          return (env) => truthy(a(env)) && truthy(b(env));
        }
        return (env) => {
          for (let i = 0; i < items.length; i++) if (!truthy(items[i]!(env))) return false;
          return true;
        };
      }
      case 'or': {
        const items = this.operands(node.items);
        if (items.length === 2) {
          const [a, b] = items as [Fn, Fn];
          return (env) => truthy(a(env)) || truthy(b(env));
        }
        return (env) => {
          for (let i = 0; i < items.length; i++) if (truthy(items[i]!(env))) return true;
          return false;
        };
      }
      case 'nof': {
        const items = this.operands(node.items);
        const need = node.n;
        return (env) => {
          let hits = 0;
          for (let i = 0; i < items.length; i++) {
            if (truthy(items[i]!(env)) && ++hits >= need) return true;
            if (hits + (items.length - 1 - i) < need) return false;
          }
          return false;
        };
      }
      case 'neg': {
        const e = this.compile(node.e);
        return (env) => {
          const v = e(env);
          return typeof v === 'number' ? -v : null;
        };
      }
      case 'isnull': {
        const e = this.compile(node.e);
        return node.negated ? (env) => !isNull(e(env)) : (env) => isNull(e(env));
      }
      case 'bin':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  /**
   * Operands of `and`, `or` and `n of`, in source order. Putting the ones a static estimate rates cheap first
   * was tried and measured slower on the Sublime pack (authors put the selective operand first, and the
   * estimate cannot see selectivity), so the author's order stands.
   */
  private operands(items: readonly Node[]): Fn[] {
    return items.map((n) => this.compile(n));
  }

  private path(depth: number, parts: string[]): Fn {
    // Message fields one or two deep (`type.inbound`, `sender.display_name`) are read without a loop.
    if (depth < 0 && !parts.includes('query_params_decoded')) {
      if (parts.length === 1) {
        const [a] = parts as [string];
        return (env) => member(env.msg, a);
      }
      if (parts.length === 2) {
        const [a, b] = parts as [string, string];
        return (env) => member(member(env.msg, a), b);
      }
    }
    if (depth < 0) return (env) => readPath(env.msg, parts);
    return (env) => {
      const at = env.stack.length - 1 - depth;
      if (at < 0) return null;
      return parts.length ? readPath(env.stack[at], parts) : (env.stack[at] ?? null);
    };
  }

  private binary(node: Extract<Node, { k: 'bin' }>): Fn {
    const l = this.compile(node.l);
    const op = node.op;
    if (op === 'in' || op === 'not in' || op === 'in~' || op === 'not in~') return this.membership(node, l);
    const r = this.compile(node.r);
    // `x == null` / `x != null` written out literally mean `is null` / `is not null`.
    const litNull = (n: Node) => n.k === 'lit' && n.v === null;
    if ((op === '==' || op === '!=') && (litNull(node.l) || litNull(node.r))) {
      const other = litNull(node.l) ? r : l;
      return op === '==' ? (env) => isNull(other(env)) : (env) => !isNull(other(env));
    }
    switch (op) {
      case '==':
        return (env) => eq(l(env), r(env));
      case '!=':
        return (env) => {
          const a = l(env);
          const b = r(env);
          return !isNull(a) && !isNull(b) && a !== b;
        };
      case '=~':
        return (env) => ieq(l(env), r(env));
      case '!~':
        return (env) => {
          const a = l(env);
          const b = r(env);
          return !isNull(a) && !isNull(b) && !ieq(a, b);
        };
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const test = op === '<' ? (d: number) => d < 0 : op === '<=' ? (d: number) => d <= 0 : op === '>' ? (d: number) => d > 0 : (d: number) => d >= 0;
        return (env) => {
          const d = order(l(env), r(env));
          return d !== null && test(d);
        };
      }
      default:
        return (env) => arithmetic(op, l(env), r(env));
    }
  }

  private membership(node: Extract<Node, { k: 'bin' }>, l: Fn): Fn {
    const fold = node.op.endsWith('~');
    const negate = node.op.startsWith('not');
    const rightNode = node.r;
    let has: (env: EvalEnv, v: Value) => boolean;
    if (rightNode.k === 'tuple' && rightNode.items.every((n) => n.k === 'lit')) {
      // A literal tuple becomes a Set once, at compile time.
      const set = new Set(rightNode.items.map((n) => (n.k === 'lit' && fold && typeof n.v === 'string' ? n.v.toLowerCase() : (n as { v: Value }).v)));
      this.fns.set(rightNode, () => [...set]);
      has = (_env, v) => set.has(v);
    } else {
      const r = this.compile(rightNode);
      has = (env, v) => {
        const coll = r(env);
        if (coll instanceof Set) return coll.has(v) || (typeof v === 'string' && coll.has(v.toLowerCase()));
        const items = itemsOf(coll) ?? (isNull(coll) ? [] : [coll]);
        return items.some((x) => (fold ? ieq(x, v) : eq(x, v)));
      };
    }
    return (env) => {
      let v = l(env);
      if (isNull(v)) return false;
      if (fold && typeof v === 'string') v = v.toLowerCase();
      return negate ? !has(env, v) : has(env, v);
    };
  }

  private call(node: Extract<Node, { k: 'call' }>): Fn {
    const name = node.name;
    this.calls.add(name);
    if (LAMBDA_FUNCTIONS.has(name)) {
      if (node.args.length === 0) throw new MqlCompileError(`${name}: wrong number of arguments (0)`);
      const list = this.compile(node.args[0]!);
      const body = node.args[1] ? this.compile(node.args[1]) : null;
      return this.memoise(node, compileLambda(node, list, body));
    }
    const def = FUNCTIONS[name];
    if (!def) {
      this.unsupported.add(name);
      // Still compile the arguments, so every unsupported function of the rule is counted.
      node.args.forEach((a) => this.compile(a));
      return () => null;
    }
    if (node.args.length < def.minArgs || (def.maxArgs !== undefined && node.args.length > def.maxArgs)) {
      throw new MqlCompileError(`${name}: wrong number of arguments (${node.args.length})`);
    }
    if (name.includes('profile.')) this.usesProfile = true;
    const lit = def.literalCheck && node.args[def.literalCheck.index];
    if (def.literalCheck && lit?.k === 'lit' && typeof lit.v === 'string') {
      const missing = def.literalCheck.check(lit.v);
      if (missing) {
        this.unsupported.add(missing);
        return () => null;
      }
    }
    if (def.patternsFrom !== undefined) {
      for (const a of node.args.slice(def.patternsFrom)) {
        if (a.k !== 'lit' || typeof a.v !== 'string') continue;
        try {
          compileRegex(a.v, name.startsWith('regex.i'));
        } catch (e) {
          if (e instanceof RegexError) throw new MqlCompileError(`${name}: ${e.message}`);
          throw e;
        }
      }
    }
    const args = node.args.map((a) => this.compile(a));
    const namedEntries = Object.entries(node.named).map(([k, n]) => [k, this.compile(n)] as const);
    const NONE: Record<string, Value> = Object.freeze({}) as Record<string, Value>;
    const literalRest = node.args.length >= 2 && !namedEntries.length && node.args.slice(1).every((a) => a.k === 'lit');
    const specializer = SPECIALIZERS[name];
    if (literalRest && specializer) {
      // Needles lower-cased, globs split and patterns compiled once for this call site (functions/specialized.ts).
      const fast = specializer(node.args.slice(1).map((a) => (a.k === 'lit' ? a.v : null)));
      const first = args[0]!;
      const fnFast: Fn = (env) => fast(first(env), env);
      return def.impure ? fnFast : this.memoise(node, fnFast);
    }
    // A call whose arguments after the first are all literals (a value checked against a long list of
    // patterns or ranges) reuses one argument array: functions may then cache work on its identity.
    if (node.args.length > 2 && literalRest) {
      const site: Value[] = node.args.map((a) => (a.k === 'lit' ? a.v : null));
      const first = args[0]!;
      const fnSite: Fn = (env) => {
        site[0] = first(env);
        return def.call(site, env, NONE);
      };
      return def.impure ? fnSite : this.memoise(node, fnSite);
    }
    const fn: Fn = (env) => {
      let named = NONE;
      if (namedEntries.length) {
        named = {};
        for (const [k, f] of namedEntries) named[k] = f(env);
      }
      const values = new Array<Value>(args.length);
      for (let i = 0; i < args.length; i++) values[i] = args[i]!(env);
      return def.call(values, env, named);
    };
    return def.impure ? fn : this.memoise(node, fn);
  }

  private memoise(node: Node, fn: Fn): Fn {
    if (dependsOnItem(node)) {
      const outer = outerItemDepth(node);
      return outer === null ? fn : this.memoiseOnOuterItem(node, fn, outer);
    }
    const id = slotOf(canon(node));
    return (env) => {
      let slots = env.slots;
      if (slots === undefined || id >= slots.length) env.slots = slots = growSlots(slots);
      const hit = slots[id];
      if (hit !== UNSET) return hit;
      const v = fn(env);
      // Evaluating `fn` may have grown the array (a nested memoised call): store into the current one.
      env.slots![id] = v;
      return v;
    };
  }

  /**
   * A call that reads an enclosing lambda's item but not its own (`strings.concat("{", ..email.email, "}")`
   * in an inner loop over nodes) has the same answer for every inner item: it is computed once per outer item.
   * The slot keeps the last outer item and its answer; identical calls elsewhere share it, and a different
   * item there is simply a miss. Pure: the answer depends on the message and that item alone.
   */
  private memoiseOnOuterItem(node: Node, fn: Fn, depth: number): Fn {
    const id = slotOf(`outer ${canon(node)}`);
    return (env) => {
      let slots = env.slots;
      if (slots === undefined || id >= slots.length) env.slots = slots = growSlots(slots);
      const at = env.stack.length - 1 - depth;
      const item = at < 0 ? undefined : env.stack[at];
      const hit = slots[id] as OuterHit | typeof UNSET;
      if (hit !== UNSET && hit.item === item) return hit.value;
      const value = fn(env);
      env.slots![id] = { item, value } as unknown as Value;
      return value;
    };
  }
}

/** The last outer item a loop-invariant call was computed for, and its answer. */
interface OuterHit {
  item: Value | undefined;
  value: Value;
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    default:
      return b === 0 ? null : a % b;
  }
}
