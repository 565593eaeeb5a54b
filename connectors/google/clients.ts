import { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import type { JWT } from 'google-auth-library';
import { cachedDelegatedJwt, DIRECTORY_SCOPES, delegatedJwt, MAILBOX_SCOPES } from './auth.ts';
import type { GoogleEndpoints, GoogleSettings } from './settings.ts';

/**
 * Gmail and Directory clients per impersonated user, cached so each user's access token is fetched once and
 * refreshed by google-auth-library before expiry. Requests time out rather than hang a worker. googleapis'
 * own retry (GET only, on 429/5xx) is off: `withBackoff` is the one retry policy, for every method, so
 * attempts are bounded and counted in one place.
 */
export class GoogleClients {
  private readonly gmailBySubject = new Map<string, gmail_v1.Gmail>();
  private directoryClient: admin_directory_v1.Admin | null = null;

  constructor(
    private readonly settings: GoogleSettings,
    private readonly endpoints: GoogleEndpoints = {},
    private readonly timeoutMs = 30_000,
  ) {}

  gmail(subject: string): gmail_v1.Gmail {
    const key = subject.toLowerCase();
    let client = this.gmailBySubject.get(key);
    if (!client) {
      const auth = cachedDelegatedJwt(this.settings.serviceAccount, key, MAILBOX_SCOPES, this.endpoints.tokenUrl);
      client = new gmail_v1.Gmail({ auth: asApiAuth(auth), rootUrl: this.endpoints.apiRoot, timeout: this.timeoutMs, retry: false });
      this.gmailBySubject.set(key, client);
    }
    return client;
  }

  directory(): admin_directory_v1.Admin {
    if (!this.directoryClient) {
      const auth = cachedDelegatedJwt(this.settings.serviceAccount, this.settings.adminEmail, DIRECTORY_SCOPES, this.endpoints.tokenUrl);
      this.directoryClient = new admin_directory_v1.Admin({ auth: asApiAuth(auth), rootUrl: this.endpoints.apiRoot, timeout: this.timeoutMs, retry: false });
    }
    return this.directoryClient;
  }

  /** A one-off client for probing a single scope (onboarding reports which grants are missing). */
  probe(subject: string, scopes: string[]): ReturnType<typeof delegatedJwt> {
    return delegatedJwt(this.settings.serviceAccount, subject, scopes, this.endpoints.tokenUrl);
  }
}

/**
 * googleapis pins its own google-auth-library (10.5) while we use the project's (10.9); the clients only call
 * `request()`/`getRequestHeaders()` on it, so the newer JWT is passed through with its type widened.
 */
function asApiAuth(auth: JWT): gmail_v1.Options['auth'] {
  return auth as unknown as gmail_v1.Options['auth'];
}
