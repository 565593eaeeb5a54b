import * as client from 'openid-client';
import type { AppConfig } from '../../config/schema.ts';
import { ConfigError } from '../../config/load.ts';

export type OidcProviderId = 'entra' | 'google';

/** One configured identity provider for dashboard sign-in. */
export interface OidcProvider {
  id: OidcProviderId;
  /** The button text on the sign-in page. */
  label: string;
  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  /** Entra ID: tenant ids accepted in `tid`. */
  allowedTenants: Set<string>;
  /** Google: `hd` values accepted (empty = the email's own domain). */
  hostedDomains: Set<string>;
  /** Discovered metadata and JWKS, fetched at the first sign-in and kept (a failed discovery is retried). */
  configuration(): Promise<client.Configuration>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const list = (s: string) => new Set(s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean));

/**
 * The providers the configuration enables, in button order. A half-configured provider (id without secret,
 * "organizations" without an allowed-tenant list) refuses to start with a clear message.
 */
export function oidcProvidersFromConfig(config: AppConfig): OidcProvider[] {
  const base = (config.DASHBOARD_URL ?? config.PUBLIC_URL).replace(/\/+$/, '');
  const redirect = (id: OidcProviderId) => `${base}/api/v1/auth/oidc/${id}/callback`;
  const out: OidcProvider[] = [];
  const production = config.NODE_ENV === 'production';
  if (config.OIDC_ENTRA_CLIENT_ID || config.OIDC_ENTRA_CLIENT_SECRET) {
    if (!config.OIDC_ENTRA_CLIENT_ID || !config.OIDC_ENTRA_CLIENT_SECRET) throw new ConfigError(['OIDC_ENTRA_CLIENT_ID and OIDC_ENTRA_CLIENT_SECRET: set both or neither']);
    const tenant = config.OIDC_ENTRA_TENANT;
    const allowed = list(config.OIDC_ENTRA_ALLOWED_TENANTS);
    if (GUID.test(tenant)) allowed.add(tenant.toLowerCase());
    if (!allowed.size) throw new ConfigError([`OIDC_ENTRA_ALLOWED_TENANTS: required when OIDC_ENTRA_TENANT is "${tenant}" (any directory could otherwise claim your users' addresses)`]);
    const issuer = new URL(`${config.OIDC_ENTRA_AUTHORITY.replace(/\/+$/, '')}/${tenant}/v2.0`);
    out.push(provider({ id: 'entra', label: 'Sign in with Microsoft', issuer, clientId: config.OIDC_ENTRA_CLIENT_ID, clientSecret: config.OIDC_ENTRA_CLIENT_SECRET, redirectUri: redirect('entra'), scope: 'openid profile email', allowedTenants: allowed, hostedDomains: new Set() }, production));
  }
  if (config.OIDC_GOOGLE_CLIENT_ID || config.OIDC_GOOGLE_CLIENT_SECRET) {
    if (!config.OIDC_GOOGLE_CLIENT_ID || !config.OIDC_GOOGLE_CLIENT_SECRET) throw new ConfigError(['OIDC_GOOGLE_CLIENT_ID and OIDC_GOOGLE_CLIENT_SECRET: set both or neither']);
    out.push(provider({ id: 'google', label: 'Sign in with Google', issuer: new URL(config.OIDC_GOOGLE_ISSUER), clientId: config.OIDC_GOOGLE_CLIENT_ID, clientSecret: config.OIDC_GOOGLE_CLIENT_SECRET, redirectUri: redirect('google'), scope: 'openid email profile', allowedTenants: new Set(), hostedDomains: list(config.OIDC_GOOGLE_HOSTED_DOMAINS) }, production));
  }
  return out;
}

function provider(p: Omit<OidcProvider, 'configuration'>, production: boolean): OidcProvider {
  // Plain HTTP only for an issuer on loopback outside production: the local emulators. Anything else is HTTPS.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(p.issuer.hostname);
  if (p.issuer.protocol !== 'https:' && (production || !loopback)) throw new ConfigError([`OIDC issuer ${p.issuer.href}: must be https`]);
  let pending: Promise<client.Configuration> | null = null;
  return {
    ...p,
    configuration() {
      pending ??= client
        .discovery(p.issuer, p.clientId, { client_secret: p.clientSecret, redirect_uris: [p.redirectUri], response_types: ['code'] }, client.ClientSecretPost(p.clientSecret), {
          timeout: 10,
          // ID token signatures are checked against the provider's JWKS even though the token came straight
          // from the token endpoint over TLS (openid-client skips that check unless asked).
          execute: [client.enableNonRepudiationChecks, ...(p.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [])],
        })
        .catch((err: unknown) => {
          pending = null;
          throw err;
        });
      return pending;
    },
  };
}
