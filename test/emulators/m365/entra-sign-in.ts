/**
 * Entra ID user sign-in (OpenID Connect, v2.0 endpoints): `/{tenant}/oauth2/v2.0/authorize` answers at once with
 * a redirect carrying a code for the user a test chose (no login form), the token endpoint redeems it
 * (`authorization_code` with PKCE and the app's client secret) for an RS256 ID token whose key is published at
 * `/{tenant}/discovery/v2.0/keys`, the `jwks_uri` of the tenant's openid-configuration.
 */
import { randomBytes } from 'node:crypto';
import { CodeFlow } from '../oidc/code-flow.ts';
import type { IdentityResult } from './identity.ts';
import type { MailStore } from './mail-store.ts';

export class EntraSignIn {
  readonly flow = new CodeFlow();
  /** Id or UPN of the user the next authorize request signs in as; null = the user cancels (access_denied). */
  signInAs: string | null = null;

  constructor(private readonly store: MailStore, private readonly baseUrl: () => string) {}

  /** GET /{tenant}/oauth2/v2.0/authorize */
  authorize(tenant: string, q: URLSearchParams): IdentityResult {
    const t = this.tenantFor(tenant);
    const app = this.store.apps.get(q.get('client_id') ?? '');
    const redirect = q.get('redirect_uri') ?? '';
    // Like Entra: a bad client or redirect URI is shown to the user, never redirected (no open redirector).
    if (!t || !app) return text(400, `AADSTS700016: Application with identifier '${q.get('client_id')}' was not found in the directory.`);
    if (!app.redirectUris.includes(redirect)) return text(400, 'AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.');
    const target = new URL(redirect);
    const back = (params: Record<string, string>) => {
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      if (q.get('state') !== null) target.searchParams.set('state', q.get('state')!);
      return { status: 302, headers: { location: target.toString() } };
    };
    const problem = CodeFlow.requestProblem(q);
    if (problem) return back({ error: problem, error_description: `AADSTS900144: invalid authorization request (${problem})` });
    const user = this.signInAs ? this.store.findUser(this.signInAs) : undefined;
    if (!user || !user.accountEnabled || user.tenantId !== t.id) return back({ error: 'access_denied', error_description: 'AADSTS50126: the user did not sign in.' });
    const code = this.flow.issueCode({ clientId: app.appId, redirectUri: redirect, userRef: user.id, nonce: q.get('nonce'), codeChallenge: q.get('code_challenge')! });
    return back({ code, session_state: randomBytes(8).toString('hex') });
  }

  /** POST /{tenant}/oauth2/v2.0/token with grant_type=authorization_code. */
  token(tenant: string, form: URLSearchParams): IdentityResult {
    const t = this.tenantFor(tenant);
    const clientId = form.get('client_id') ?? '';
    const app = this.store.apps.get(clientId);
    if (!t || !app) return { status: 400, body: { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.` } };
    if (!app.secrets.includes(form.get('client_secret') ?? '')) return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
    const grant = this.flow.redeem(form, clientId);
    if (typeof grant === 'string') return { status: 400, body: { error: grant, error_description: 'AADSTS70008: The provided authorization code or refresh token has expired or is invalid.' } };
    const user = this.store.users.get(grant.userRef)!;
    const now = Math.floor(Date.now() / 1000);
    const idToken = this.flow.idToken({
      aud: clientId,
      iss: `${this.baseUrl()}/${t.id}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.displayName,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      oid: user.id,
      preferred_username: user.userPrincipalName,
      email: user.mail,
      sub: randomBytes(16).toString('base64url'),
      tid: t.id,
      ver: '2.0',
    });
    return { status: 200, body: { token_type: 'Bearer', scope: 'openid profile email', expires_in: 3599, access_token: randomBytes(32).toString('base64url'), id_token: idToken } };
  }

  keys(tenant: string): IdentityResult {
    return this.tenantFor(tenant) ? { status: 200, body: this.flow.key.jwks() } : { status: 400, body: { error: 'invalid_tenant' } };
  }

  private tenantFor(tenant: string) {
    return this.store.tenants.get(tenant) ?? [...this.store.tenants.values()].find((t) => t.domain === tenant);
  }
}

function text(status: number, body: string): IdentityResult {
  return { status, headers: { 'content-type': 'text/plain' }, body };
}
