/**
 * Resolves `$name` list references for one message. Tenant lists come from the org profile as well as from
 * the list source: `$org_domains` adds the org's own domains, `$org_vips` is the org's VIPs as
 * `{display_name, email}` objects (rules iterate it), `$org_display_names` adds their names. A list nobody
 * configured is empty (tenant lists often are), and `rules check` reports which lists the rules read.
 */
import type { DetectorContext, ListSource } from '../detector.ts';
import type { Value } from './values.ts';

const EMPTY: ReadonlySet<string> = new Set();

export function makeListResolver(primary: ListSource, ctx: Pick<DetectorContext, 'lists' | 'org'>): (name: string) => Value {
  const resolved = new Map<string, Value>();
  const get = (name: string): ReadonlySet<string> =>
    primary.has(name) ? primary.get(name) : ctx.lists?.has(name) ? ctx.lists.get(name) : EMPTY;
  return (name) => {
    let v = resolved.get(name);
    if (v !== undefined) return v;
    if (name === 'org_vips') {
      v = (ctx.org?.vips ?? []).map((p) => ({ display_name: p.name, email: p.email.toLowerCase() }));
    } else if (name === 'org_domains') {
      v = new Set([...get(name), ...(ctx.org?.domains ?? []).map((d) => d.toLowerCase())]);
    } else if (name === 'org_display_names') {
      v = new Set([...get(name), ...(ctx.org?.vips ?? []).map((p) => p.name.toLowerCase())]);
    } else v = get(name);
    resolved.set(name, v);
    return v;
  };
}
