import type { Request } from 'express';
import type { Membership, Role } from '../../store/users-repo.ts';

/** Who is calling: a signed-in user (cookie session) or an automation token acting for its user. */
export interface Principal {
  userId: string;
  email: string;
  via: 'session' | 'token';
  /** The tenants the caller may see, with the role in each. Nothing outside this map exists for them. */
  memberships: Map<string, Role>;
  /** The session's CSRF token (cookie sessions only). */
  csrf?: string;
  tokenName?: string;
}

/** The membership "tenant" of platform operators: a role on every tenant, and the right to onboard new ones. */
export const PLATFORM = '*';

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2, owner: 3 };

export function atLeast(role: Role | undefined, min: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[min];
}

export function toMembershipMap(list: Membership[]): Map<string, Role> {
  return new Map(list.map((m) => [m.tenantId, m.role]));
}

/** The audit actor string: `admin:<email>` for people, `token:<name>:<email>` for automation. */
export function actorOf(p: Principal): string {
  return p.via === 'token' ? `token:${p.tokenName ?? '?'}:${p.email}` : `admin:${p.email}`;
}

const KEY = Symbol('principal');
type WithPrincipal = Request & { [KEY]?: Principal };

export function setPrincipal(req: Request, p: Principal): void {
  (req as WithPrincipal)[KEY] = p;
}

export function principalOf(req: Request): Principal | undefined {
  return (req as WithPrincipal)[KEY];
}
