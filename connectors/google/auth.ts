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
