/**
 * Cloud Identity Policy API routes (`/v1/policies`, and the same under `/v1beta1`): list with a CEL filter on
 * setting type and customer, get, create, patch, delete. Callers are the customer's admins through domain-wide
 * delegation with `cloud-identity.policies` (`.readonly` suffices to read). Mutations answer an Operation that
 * is already done, as Google does for policies.
 */
import { randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import type { CloudIdentityPolicies, StoredPolicy } from './cloud-identity-state.ts';
import type { DirectoryState } from './directory-state.ts';
import { errors } from './google-errors.ts';
import type { TokenIssuer } from './oauth-token.ts';
import { route } from './route-kit.ts';

export const POLICY_SCOPE = 'https://www.googleapis.com/auth/cloud-identity.policies';
const READONLY_SCOPE = 'https://www.googleapis.com/auth/cloud-identity.policies.readonly';

const operation = (response: unknown) => ({ name: `operations/${randomBytes(10).toString('hex')}`, done: true, response });
const asPolicy = (p: StoredPolicy) => ({ '@type': 'type.googleapis.com/google.apps.cloudidentity.policies.v1.Policy', ...structuredClone(p) });

/** `setting.type.matches("re")` clauses (ORed) and an optional `customer == "customers/…"` clause. */
function parseFilter(filter: string): { types: RegExp[]; customer: string | null } {
  const types: RegExp[] = [];
  for (const m of filter.matchAll(/setting\.type\.matches\(("(?:[^"\\]|\\.)*")\)/g)) {
    try {
      types.push(new RegExp(JSON.parse(m[1]!) as string));
    } catch {
      throw errors.invalidArgument(`Invalid filter: ${filter}`);
    }
  }
  const customer = /customer\s*==\s*"([^"]+)"/.exec(filter)?.[1] ?? null;
  if (filter.trim() && !types.length && !customer) throw errors.invalidArgument(`Invalid filter: ${filter}`);
  return { types, customer };
}

export function cloudIdentityRoutes(tokens: TokenIssuer, directory: DirectoryState, state: CloudIdentityPolicies): Router {
  const r = Router();
  const caller = (req: Request, write: boolean): string => {
    const token = tokens.lookup(req.headers.authorization);
    if (!token) throw errors.unauthenticated();
    if (!token.scopes.has(POLICY_SCOPE) && (write || !token.scopes.has(READONLY_SCOPE))) throw errors.insufficientScopes();
    const user = directory.user(token.subject);
    if (!user?.isAdmin) throw errors.notAuthorized();
    return directory.customerOf(token.subject)!.customerId;
  };
  const customerOf = (id: string, body: Record<string, unknown>) => {
    const c = body.customer;
    if (c !== `customers/${id}` && c !== 'customers/my_customer') throw errors.notAuthorized();
  };

  for (const v of ['v1', 'v1beta1']) {
    r.get(`/${v}/policies`, route((req) => {
      const id = caller(req, false);
      const { types, customer } = parseFilter(String(req.query.filter ?? ''));
      if (customer && customer !== `customers/${id}` && customer !== 'customers/my_customer') throw errors.notAuthorized();
      const all = state.forCustomer(id).filter((p) => !types.length || types.some((t) => t.test(p.setting.type)));
      const size = Math.min(Math.max(Number(req.query.pageSize ?? 50) || 50, 1), 100);
      const offset = Number(req.query.pageToken ?? 0) || 0;
      const out: Record<string, unknown> = { policies: all.slice(offset, offset + size).map(asPolicy) };
      if (offset + size < all.length) out.nextPageToken = String(offset + size);
      return out;
    }));
    r.get(`/${v}/policies/:id`, route((req) => asPolicy(state.own(caller(req, false), `policies/${String(req.params.id)}`))));
    r.post(`/${v}/policies`, route((req) => {
      const id = caller(req, true);
      const body = (req.body ?? {}) as Record<string, unknown>;
      customerOf(id, body);
      return operation(asPolicy(state.create(id, body)));
    }));
    r.patch(`/${v}/policies/:id`, route((req) => {
      const id = caller(req, true);
      return operation(asPolicy(state.patch(id, `policies/${String(req.params.id)}`, (req.body ?? {}) as Record<string, unknown>)));
    }));
    r.delete(`/${v}/policies/:id`, route((req) => {
      const id = caller(req, true);
      state.delete(id, `policies/${String(req.params.id)}`);
      return operation({ '@type': 'type.googleapis.com/google.protobuf.Empty' });
    }));
  }
  return r;
}
