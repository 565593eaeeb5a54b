/**
 * `any`, `all`, `filter`, `map`, `distinct` and `ratio`: the functions whose second argument is evaluated once
 * per element with `.` bound to it (the element is pushed on the environment's stack, so `..` reaches the
 * enclosing one).
 */
import type { Node } from './ast.ts';
import type { Fn } from './compile.ts';
import { MqlCompileError } from './compile.ts';
import type { EvalEnv } from './eval-env.ts';
import { itemsOf, truthy, type Value } from './values.ts';

export function compileLambda(node: Extract<Node, { k: 'call' }>, list: Fn, bodyFn: Fn | null): Fn {
  const name = node.name;
  const min = name === 'distinct' ? 1 : 2;
  if (node.args.length < min || node.args.length > 2) throw new MqlCompileError(`${name}: expects (list, expression)`);
  const body = bodyFn ?? ((env: EvalEnv) => env.stack[env.stack.length - 1]);
  const each = (env: EvalEnv, items: readonly Value[], visit: (item: Value, result: Value) => boolean): void => {
    env.stack.push(null);
    try {
      for (const item of items) {
        env.stack[env.stack.length - 1] = item;
        if (!visit(item, body(env))) return;
      }
    } finally {
      env.stack.pop();
    }
  };
  switch (name) {
    // `any` and `all` are most of the lambdas rules run (per link, per header field): a plain loop, no visitor.
    case 'any':
    case 'all': {
      const want = name === 'any';
      return (env) => {
        const items = itemsOf(list(env));
        if (!items) return false;
        const stack = env.stack;
        stack.push(null);
        try {
          const at = stack.length - 1;
          for (let i = 0; i < items.length; i++) {
            stack[at] = items[i];
            if (truthy(body(env)) === want) return want;
          }
          return !want;
        } finally {
          stack.pop();
        }
      };
    }
    case 'filter':
      return (env) => {
        const items = itemsOf(list(env));
        if (!items) return null;
        const out: Value[] = [];
        each(env, items, (i, r) => (truthy(r) && out.push(i), true));
        return out;
      };
    case 'map':
      return (env) => {
        const items = itemsOf(list(env));
        if (!items) return null;
        const out: Value[] = [];
        each(env, items, (_i, r) => (out.push(r), true));
        return out;
      };
    case 'ratio':
      // The share of elements for which the expression holds; null for an empty or missing list.
      return (env) => {
        const items = itemsOf(list(env));
        if (!items || !items.length) return null;
        let hits = 0;
        each(env, items, (_i, r) => (truthy(r) && hits++, true));
        return hits / items.length;
      };
    default:
      return (env) => {
        const items = itemsOf(list(env));
        if (!items) return null;
        const seen = new Set<Value>();
        const out: Value[] = [];
        each(env, items, (i, r) => {
          const key = r !== null && typeof r === 'object' ? JSON.stringify(r) : r;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(i);
          }
          return true;
        });
        return out;
      };
  }
}
