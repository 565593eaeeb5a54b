/**
 * Entra ID (login.microsoftonline.com) for app-only access: OpenID discovery, the v2.0 token endpoint with the
 * client-credentials grant (client secret or certificate assertion), and the admin-consent redirect.
 */
import { constants, createVerify, randomBytes } from 'node:crypto';
import type { MailStore } from './mail-store.ts';

export interface IssuedToken {
  appId: string;
  tenantId: string;
  expiresAt: number;
  /** The resource the token was issued for (its audience): Graph, or the Exchange Online admin API. */
  resource?: TokenResource;
}

export type TokenResource = 'graph' | 'exchange';

/** The `.default` scope of each resource an app-only token can be asked for. */
const RESOURCE_SCOPES: Record<string, TokenResource> = { 'https://graph.microsoft.com/.default': 'graph', 'https://outlook.office365.com/.default': 'exchange' };

export interface IdentityResult {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type ConsentBehaviour = { kind: 'approve'; tenantId: string } | { kind: 'deny'; error: string; description: string };

export class Identity {
  readonly tokens = new Map<string, IssuedToken>();
  tokenLifetimeSeconds = 3599;
  /** What the next admin visiting /adminconsent does. */
  consent: ConsentBehaviour | null = null;
  tokenRequests = 0;

  constructor(private readonly store: MailStore, private readonly baseUrl: () => string) {}

  discovery(tenant: string): IdentityResult {
    const t = this.tenantFor(tenant);
    if (!t) return aadError(400, 'invalid_tenant', 90002, `AADSTS90002: Tenant '${tenant}' not found.`);
    const base = `${this.baseUrl()}/${t.id}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${this.baseUrl()}/${t.id}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${this.baseUrl()}/${t.id}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
      },
    };
  }

  /** POST /{tenant}/oauth2/v2.0/token (form encoded). */
  token(tenant: string, form: URLSearchParams): IdentityResult {
    this.tokenRequests++;
    const t = this.tenantFor(tenant);
    if (!t) return aadError(400, 'invalid_tenant', 90002, `AADSTS90002: Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials') return aadError(400, 'unsupported_grant_type', 70003, 'AADSTS70003: The app requested an unsupported grant type.');
    const clientId = form.get('client_id') ?? '';
    const app = this.store.apps.get(clientId);
    if (!app) return aadError(400, 'unauthorized_client', 700016, `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`);
    const scope = form.get('scope') ?? '';
    const resource = scope.split(' ').map((s) => RESOURCE_SCOPES[s]).find(Boolean);
    if (!resource) return aadError(400, 'invalid_scope', 1002012, 'AADSTS1002012: The provided value for scope is not valid.');
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (!app.secrets.includes(secret)) return aadError(401, 'invalid_client', 7000215, 'AADSTS7000215: Invalid client secret provided.');
    } else if (assertion !== null) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return aadError(400, 'invalid_request', 50027, 'AADSTS50027: Invalid client assertion type.');
      const problem = this.checkAssertion(assertion, clientId, `${this.baseUrl()}/${t.id}/oauth2/v2.0/token`);
      if (problem) return aadError(401, 'invalid_client', 700027, `AADSTS700027: Client assertion failed signature validation. (${problem})`);
    } else {
      return aadError(401, 'invalid_client', 7000218, "AADSTS7000218: The request body must contain 'client_assertion' or 'client_secret'.");
    }
    if (!t.consentedApps.has(clientId)) {
      return aadError(400, 'unauthorized_client', 7000229, `AADSTS7000229: The client application ${clientId} is missing service principal in the tenant ${t.id}.`);
    }
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, { appId: clientId, tenantId: t.id, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000, resource });
    return { status: 200, body: { token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, ext_expires_in: this.tokenLifetimeSeconds, access_token: accessToken } };
  }

  /** GET /{tenant}/adminconsent?client_id&redirect_uri&state → 302 to the redirect URI. */
  adminConsent(query: URLSearchParams): IdentityResult {
    const app = this.store.apps.get(query.get('client_id') ?? '');
    const redirect = query.get('redirect_uri') ?? '';
    if (!app || !app.redirectUris.includes(redirect)) {
      return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.' };
    }
    const target = new URL(redirect);
    const state = query.get('state');
    const behaviour = this.consent;
    if (!behaviour || behaviour.kind === 'deny') {
      target.searchParams.set('error', behaviour?.error ?? 'access_denied');
      target.searchParams.set('error_description', behaviour?.description ?? 'AADSTS65004: User declined to consent to access the app.');
    } else {
      const tenant = this.store.tenants.get(behaviour.tenantId);
      if (!tenant) return { status: 400, body: 'unknown tenant' };
      tenant.consentedApps.add(app.appId);
      target.searchParams.set('admin_consent', 'True');
      target.searchParams.set('tenant', tenant.id);
      target.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    }
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() } };
  }

  /** Bearer token → the app and tenant it was issued to; null when unknown, expired, for another resource or consent revoked. */
  authenticate(authorization: string | undefined, resource: TokenResource = 'graph'): IssuedToken | null {
    const m = /^Bearer (.+)$/.exec(authorization ?? '');
    const issued = m ? this.tokens.get(m[1]) : undefined;
    if (!issued || issued.expiresAt < Date.now() || (issued.resource ?? 'graph') !== resource) return null;
    if (!this.store.tenants.get(issued.tenantId)?.consentedApps.has(issued.appId)) return null;
    return issued;
  }

  private tenantFor(tenant: string) {
    const byId = this.store.tenants.get(tenant);
    if (byId) return byId;
    for (const t of this.store.tenants.values()) if (t.domain === tenant) return t;
    return undefined;
  }

  /** RFC 7523 client assertion: x5t#S256 names a registered certificate, PS256/RS256 signature, aud, iss=sub, exp. */
  private checkAssertion(jwt: string, clientId: string, audience: string): string | null {
    const parts = jwt.split('.');
    if (parts.length !== 3) return 'malformed';
    let header: Record<string, string>;
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return 'malformed';
    }
    const app = this.store.apps.get(clientId);
    const cert = app?.certificates.get(header['x5t#S256'] ?? '');
    if (!cert) return 'unknown certificate';
    const alg = header.alg;
    if (alg !== 'PS256' && alg !== 'RS256') return `alg ${alg}`;
    const verifier = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`);
    const sig = Buffer.from(parts[2], 'base64url');
    const good = alg === 'PS256'
      ? verifier.verify({ key: cert, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, sig)
      : verifier.verify(cert, sig);
    if (!good) return 'bad signature';
    if (payload.aud !== audience) return 'audience';
    if (payload.iss !== clientId || payload.sub !== clientId) return 'issuer';
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return 'expired';
    return null;
  }
}

function aadError(status: number, error: string, code: number, description: string): IdentityResult {
  return {
    status,
    body: { error, error_description: `${description}\r\nTrace ID: ${randomBytes(8).toString('hex')}\r\nTimestamp: ${new Date().toISOString()}`, error_codes: [code], timestamp: new Date().toISOString() },
  };
}
