/**
 * Expected errors are typed and classified once, where they arise (at a connector boundary from the provider's
 * error code, never from message text). One helper in the pipeline maps them to queue behaviour.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'already_done'
  | 'unauthorized'
  | 'forbidden'
  | 'consent_revoked'
  | 'mailbox_unavailable'
  | 'throttled'
  | 'provider_unavailable'
  | 'timeout'
  | 'limit_exceeded'
  | 'cursor_expired'
  | 'conflict'
  | 'config'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** How long the provider asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? DEFAULT_RETRYABLE.has(code);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

const DEFAULT_RETRYABLE = new Set<ErrorCode>(['throttled', 'provider_unavailable', 'timeout', 'internal']);

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** A short, loggable description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
