import { Router } from 'express';
import { errors } from './google-errors.ts';
import { route, type EmulatorParts } from './route-kit.ts';

/** Admin SDK Directory `users.list` (customer=my_customer or the customer id, or domain=), paged. */
export function directoryRoutes(parts: EmulatorParts): Router {
  const r = Router();
  r.get('/admin/directory/v1/users', route((req) => {
    const { admin } = parts.guard.directoryAdmin(req);
    parts.calls.push({ method: 'users.list', user: admin });
    const own = parts.directory.customerOf(admin)!;
    const customer = req.query.customer === undefined ? undefined : String(req.query.customer);
    const domain = req.query.domain === undefined ? undefined : String(req.query.domain);
    if (!customer && !domain) throw errors.invalidArgument('Bad Request');
    if (customer && customer !== 'my_customer' && customer !== own.customerId) throw errors.notAuthorized();
    if (domain && domain !== own.domain) throw errors.notAuthorized();
    const max = Math.min(Math.max(Number(req.query.maxResults ?? 100), 1), 500);
    const offset = Number(req.query.pageToken ?? 0);
    const all = [...own.users.values()].sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail));
    const page = all.slice(offset, offset + max);
    const out: Record<string, unknown> = {
      kind: 'admin#directory#users',
      etag: `"emu-${all.length}"`,
      users: page.map((u) => ({ kind: 'admin#directory#user', customerId: own.customerId, ...u })),
    };
    if (offset + max < all.length) out.nextPageToken = String(offset + max);
    return out;
  }));
  return r;
}
