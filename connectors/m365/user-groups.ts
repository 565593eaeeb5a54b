/**
 * The Entra ID groups each mailbox user belongs to (directly or through nested groups), for per-group policy:
 * `GET /users/{id}/transitiveMemberOf/microsoft.graph.group?$select=id`, paged. Needs the application
 * permission GroupMember.Read.All (or Directory.Read.All); without it Graph answers 403 and the tenant's
 * mailboxes are listed with their groups unknown, so only address members of a policy group apply.
 */
import { isAppError } from '../../src/core/errors.ts';
import { seg, type GraphApi } from './graph-api.ts';

/** Users whose groups are read at once (each call is under the per-mailbox gate of its user). */
const CONCURRENCY = 8;

async function groupIdsOf(api: GraphApi, userId: string): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined = `/users/${seg(userId)}/transitiveMemberOf/microsoft.graph.group?$select=id&$top=999`;
  while (next) {
    const url: string = next;
    const page: { value: { id: string }[]; '@odata.nextLink'?: string } = await api.call(userId, 'list group memberships', (c) => c.api(url).get());
    for (const g of page.value) ids.push(g.id);
    next = page['@odata.nextLink'];
  }
  return ids.sort();
}

/**
 * userId → group ids, for every user given; null when the app may not read group memberships (403), so the
 * caller stores "unknown" rather than "member of nothing". Other errors propagate (onboarding retries them).
 */
export async function groupsOfUsers(api: GraphApi, userIds: readonly string[]): Promise<Map<string, string[]> | null> {
  const out = new Map<string, string[]>();
  let denied = false;
  let next = 0;
  const lane = async () => {
    while (!denied && next < userIds.length) {
      const id = userIds[next++]!;
      try {
        out.set(id, await groupIdsOf(api, id));
      } catch (err) {
        if (isAppError(err) && (err.code === 'forbidden' || err.code === 'consent_revoked')) denied = true;
        else if (isAppError(err) && err.code === 'not_found') out.set(id, []); // deleted since the user listing
        else throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, userIds.length) }, lane));
  return denied ? null : out;
}
