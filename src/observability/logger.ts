import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear (one level deep and at the top). Secrets, tokens, client states
 * and message bodies must never reach a log line; code should not log them at all, this is the safety net.
 */
const REDACT_KEYS = [
  'secret', 'clientSecret', 'client_secret', 'clientState', 'password', 'token', 'accessToken', 'refreshToken',
  'access_token', 'refresh_token', 'authorization', 'Authorization', 'key', 'privateKey', 'private_key', 'vaultKey',
  'VAULT_KEY', 'VAULT_PREVIOUS_KEYS', 'DATABASE_URL', 'REDIS_URL', 'settings', 'raw', 'body', 'cookie',
];

export const REDACT_PATHS = [...REDACT_KEYS, ...REDACT_KEYS.map((k) => `*.${k}`)];

/** The service logger: structured JSON to `destination` (stdout by default). */
export function createLogger(options: { level: string; destination?: pino.DestinationStream; name?: string }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'mailwarden',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    options.destination,
  );
}
