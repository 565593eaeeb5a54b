import type { IdentitiesRepo } from '../../store/identities-repo.ts';
import type { UsersRepo } from '../../store/users-repo.ts';
import type { OidcProvider } from './oidc-providers.ts';

/** Who the ID token says signed in, once its claims passed the provider's own trust rules. */
export interface ExternalIdentity {
  provider: OidcProvider['id'];
  /** Entra: `<tid>:<oid>`; Google: `sub`. */
  subject: string;
  email: string;
}

/** Why a verified token still does not sign anyone in; each has its own page text. */
export type Refusal =
  | { reason: 'tenant_not_allowed'; detail: string }
  | { reason: 'email_unverified'; detail: string }
  | { reason: 'domain_not_allowed'; detail: string }
  | { reason: 'unknown_user'; detail: string }
  | { reason: 'user_disabled'; detail: string }
  | { reason: 'identity_conflict'; detail: string };

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Reads the identity out of verified ID token claims, applying what signature checks cannot: Entra ID tokens
 * must come from an allowed directory (`tid`), Google ones must carry a verified email whose domain is vouched
 * for by the Workspace (`hd`) or is gmail.com — otherwise anyone could register an account under a provisioned
 * user's address.
 */
export function identityFromClaims(p: OidcProvider, claims: Record<string, unknown>): ExternalIdentity | Refusal {
  if (p.id === 'entra') {
    const tid = str(claims.tid)?.toLowerCase();
    const oid = str(claims.oid)?.toLowerCase();
    const email = (str(claims.preferred_username) ?? str(claims.email))?.toLowerCase();
    if (!tid || !p.allowedTenants.has(tid)) return { reason: 'tenant_not_allowed', detail: `directory ${tid ?? '(none)'}` };
    if (!oid || !email) return { reason: 'email_unverified', detail: 'the token names no account' };
    return { provider: 'entra', subject: `${tid}:${oid}`, email };
  }
  const email = str(claims.email)?.toLowerCase();
  const sub = str(claims.sub);
  if (!email || !sub || claims.email_verified !== true) return { reason: 'email_unverified', detail: email ?? '(no email)' };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const hd = str(claims.hd)?.toLowerCase();
  if (p.hostedDomains.size) {
    if (!hd || !p.hostedDomains.has(hd) || hd !== domain) return { reason: 'domain_not_allowed', detail: hd ?? domain };
  } else if (hd !== domain && !(hd === undefined && domain === 'gmail.com')) {
    return { reason: 'domain_not_allowed', detail: hd ?? domain };
  }
  return { provider: 'google', subject: sub, email };
}

/**
 * The MailWarden user an identity signs in as. Users are provisioned by admins: an identity already linked wins;
 * otherwise the email must match an existing user, who then gets this identity linked (so a later rename of
 * the address keeps working). Nobody is ever created here.
 */
export async function userForIdentity(users: UsersRepo, identities: IdentitiesRepo, id: ExternalIdentity): Promise<{ userId: string } | Refusal> {
  const linked = await identities.userOf(id.provider, id.subject);
  const user = linked ? await users.byId(linked) : await users.byEmail(id.email);
  if (!user) return { reason: 'unknown_user', detail: id.email };
  if (user.disabled) return { reason: 'user_disabled', detail: id.email };
  if (linked) {
    await identities.touch(id.provider, id.subject);
    return { userId: user.id };
  }
  // An address reassigned to another person in the same directory must not inherit the first one's access.
  const others = (await identities.subjectsOf(user.id, id.provider)).filter((s) => s !== id.subject && sameDirectory(id, s));
  if (others.length) return { reason: 'identity_conflict', detail: id.email };
  await identities.link(id.provider, id.subject, user.id, id.email);
  return { userId: user.id };
}

function sameDirectory(id: ExternalIdentity, otherSubject: string): boolean {
  return id.provider === 'google' || otherSubject.split(':')[0] === id.subject.split(':')[0];
}

export function isRefusal(x: object): x is Refusal {
  return 'reason' in x;
}
