import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { JWT } from 'google-auth-library';

/** The token URL google-auth-library's gtoken always posts JWT-bearer assertions to. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** Mailbox work: https://mail.google.com/ is the only scope that allows messages.delete; filters need settings.basic. */
export const MAILBOX_SCOPES = ['https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.settings.basic'];
export const DIRECTORY_SCOPES = ['https://www.googleapis.com/auth/admin.directory.user.readonly'];

/**
 * A service-account JWT client acting as `subject` (domain-wide delegation). JWT has no token-URL option:
 * gtoken posts to Google's fixed URL through the client's own gaxios transporter, so when `tokenUrl` is given
 * (emulator, demo) a request interceptor on that transporter rewrites exactly that URL and nothing else.
 */
export function delegatedJwt(
  serviceAccount: { client_email: string; private_key: string },
  subject: string,
  scopes: string[],
  tokenUrl?: string,
): JWT {
  const jwt = new JWT({
    email: serviceAccount.client_email,
    key: serviceAccount.private_key,
    scopes,
    subject,
    eagerRefreshThresholdMillis: 5 * 60_000,
  });
  refreshOnUnauthorized(jwt);
  if (tokenUrl && tokenUrl !== GOOGLE_TOKEN_URL) {
    const target = new URL(tokenUrl);
    jwt.transporter.interceptors.request.add({
      resolved: async (options) => {
        if (options.url.toString() === GOOGLE_TOKEN_URL) options.url = target;
        return options;
      },
    });
  }
  return jwt;
}

/**
 * A 401 means Google no longer accepts the cached access token (revoked, or the grant changed) although it has
 * not expired, so the client would send it again on every retry until it expires (up to an hour). The library
 * retries with a fresh token only under `forceRefreshOnFailure`, and then on 403 too — Gmail's answer to rate
 * limits, where a new token and an immediate retry are wrong. So on a 401 alone: mark the token expired and send
 * the request once more, which fetches a new one first. When the delegation itself is gone, that token request
 * fails with `unauthorized_client`, which the error map reads as consent revoked.
 */
function refreshOnUnauthorized(jwt: JWT): void {
  const request = jwt.request.bind(jwt) as (opts: object) => Promise<unknown>;
  const retrying = async (opts: object) => {
    try {
      return await request(opts);
    } catch (err) {
      const status = (err as { response?: { status?: number } }).response?.status;
      if (status !== 401 || (opts as { data?: unknown }).data instanceof Readable) throw err;
      jwt.credentials = { ...jwt.credentials, expiry_date: 1 };
      return request(opts);
    }
  };
  jwt.request = retrying as JWT['request'];
}

const MAX_CACHED = 20_000;
const cache = new Map<string, JWT>();

/**
 * `delegatedJwt`, reused across provider instances in this process (the pipeline rebuilds providers every
 * minute; without this every rebuild would fetch a new token per mailbox). Keyed by a hash of the key material,
 * subject, scopes and token URL, so a rotated key or another tenant never shares a client.
 */
export function cachedDelegatedJwt(
  serviceAccount: { client_email: string; private_key: string },
  subject: string,
  scopes: string[],
  tokenUrl?: string,
): JWT {
  const key = createHash('sha256').update([serviceAccount.client_email, serviceAccount.private_key, subject.toLowerCase(), scopes.join(' '), tokenUrl ?? ''].join('\n')).digest('hex');
  let jwt = cache.get(key);
  if (!jwt) {
    jwt = delegatedJwt(serviceAccount, subject, scopes, tokenUrl);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, jwt);
  }
  return jwt;
}
