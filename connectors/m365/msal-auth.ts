/**
 * App-only tokens for Microsoft Graph through MSAL's client-credentials flow, with a client secret or a
 * certificate (MSAL signs the assertion). MSAL caches the token and renews it before expiry.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { M365Endpoints, M365Settings } from './settings.ts';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface TokenSource {
  /** `fresh` skips MSAL's cache: after a 401, to learn whether consent is gone. */
  getToken(fresh?: boolean): Promise<string>;
}

/** `scope` defaults to Graph; the Exchange admin API (DLP transport rules) asks for its own resource. */
export function createTokenSource(settings: M365Settings, endpoints: M365Endpoints, scope: string = GRAPH_SCOPE): TokenSource {
  const authorityUrl = new URL(endpoints.authority);
  const auth: Configuration['auth'] = {
    clientId: settings.clientId,
    authority: `${endpoints.authority}/${settings.azureTenantId}`,
    // A non-Microsoft host (the emulator, a sovereign proxy) must be declared, or MSAL refuses it.
    knownAuthorities: [authorityUrl.host],
  };
  if (settings.clientSecret) auth.clientSecret = settings.clientSecret;
  if (settings.certificate) {
    auth.clientCertificate = {
      thumbprintSha256: sha256Thumbprint(settings.certificate.certificatePem),
      privateKey: settings.certificate.privateKeyPem,
    };
  }
  const app = new ConfidentialClientApplication({ auth, system: { loggerOptions: { piiLoggingEnabled: false, logLevel: 0, loggerCallback: () => {} } } });
  // MSAL's own cache lookup parses URLs and walks its cache on every call; every Graph call asks twice (once
  // to classify token errors, once in the SDK), so the current token is kept here until 5 minutes before expiry.
  let current: { token: string; refreshAt: number } | null = null;
  return {
    async getToken(fresh = false) {
      if (!fresh && current && Date.now() < current.refreshAt) return current.token;
      const result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: fresh });
      if (!result?.accessToken) throw new Error('MSAL returned no access token');
      const expires = result.expiresOn?.getTime() ?? Date.now();
      current = { token: result.accessToken, refreshAt: expires - 5 * 60_000 };
      return result.accessToken;
    },
  };
}

/** Hex SHA-256 of the certificate's DER, as MSAL expects it. */
export function sha256Thumbprint(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex');
}
