/**
 * Entra ID groups, as far as MailWarden reads them: `GET /users/{id}/transitiveMemberOf[/microsoft.graph.group]`
 * (the groups a user belongs to, directly or through nested groups), paged like Graph with `$top` and
 * `@odata.nextLink`. Tests create groups through the control (`createGroup`).
 */
import { notFound, ok, type GraphRequestContext, type GraphResponse } from './graph-response.ts';
import type { MailStore } from './mail-store.ts';
import { guid, type User } from './model.ts';
import { pageSizeOf, type Pager } from './paging.ts';

export interface Group {
  id: string;
  tenantId: string;
  displayName: string;
  /** User ids and group ids (nested groups). */
  memberIds: Set<string>;
}

export function createGroup(store: MailStore, tenantId: string, displayName: string, memberIds: string[]): Group {
  const group: Group = { id: guid(), tenantId, displayName, memberIds: new Set(memberIds) };
  store.groups.set(group.id, group);
  return group;
}

/** Every group `id` belongs to, directly or through nested groups (cycles tolerated). */
function groupsOf(store: MailStore, tenantId: string, id: string): Group[] {
  const found = new Map<string, Group>();
  const queue = [id];
  while (queue.length > 0) {
    const member = queue.shift()!;
    for (const g of store.groups.values()) {
      if (g.tenantId !== tenantId || found.has(g.id) || !g.memberIds.has(member)) continue;
      found.set(g.id, g);
      queue.push(g.id);
    }
  }
  return [...found.values()];
}

export function transitiveMemberOf(deps: { store: MailStore; pager: Pager; graphBase: () => string }, ctx: GraphRequestContext, user: User, cast: string | undefined): GraphResponse {
  // Directory objects other than groups (directory roles, administrative units) are not modelled.
  if (cast !== undefined && cast !== 'microsoft.graph.group') return notFound(`Resource not found for the segment '${cast}'.`);
  const link = (t: string) => `${deps.graphBase()}/users/${user.id}/transitiveMemberOf${cast ? `/${cast}` : ''}?$skiptoken=${t}`;
  const token = ctx.query.get('$skiptoken');
  if (token) {
    const page = deps.pager.next(token, link);
    return page ? ok(page) : notFound('The skip token is not valid.');
  }
  const items = groupsOf(deps.store, user.tenantId, user.id).map((g) => ({ '@odata.type': '#microsoft.graph.group', id: g.id, displayName: g.displayName }));
  return ok({ '@odata.context': `${deps.graphBase()}/$metadata#directoryObjects`, ...deps.pager.page(items, pageSizeOf(ctx.query, undefined, 100, 999), link) });
}
