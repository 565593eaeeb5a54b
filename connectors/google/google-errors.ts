import { AppError, type ErrorCode } from '../../src/core/errors.ts';

/** What gaxios puts on a failed request, the parts this table reads. */
interface GaxiosLike {
  status?: number;
  code?: string | number;
  name?: string;
  /** gaxios wraps the fetch failure (AbortError / TimeoutError on our request timeout). */
  cause?: { name?: string; code?: string };
  response?: { status?: number; headers?: unknown; data?: unknown };
}

interface Row {
  status?: number;
  reason?: string;
  code: ErrorCode;
  retryable?: boolean;
}

/**
 * The one error table for Google: HTTP status plus the `reason` of Google's error envelope (or the OAuth
 * `error` of the token endpoint) → AppError code. Rows are tried in order; the first match wins. Never reads
 * message text.
 */
const TABLE: Row[] = [
  // Token endpoint (JWT-bearer with domain-wide delegation).
  { reason: 'unauthorized_client', code: 'consent_revoked', retryable: false }, // delegation revoked or a scope missing
  { reason: 'invalid_grant', code: 'mailbox_unavailable', retryable: false }, // unknown or deleted user
  { reason: 'invalid_scope', code: 'config', retryable: false },
  // Gmail and Directory.
  { status: 400, reason: 'failedPrecondition', code: 'mailbox_unavailable', retryable: false }, // Mail service not enabled
  { status: 400, code: 'invalid_input' },
  { status: 401, code: 'unauthorized', retryable: true },
  { status: 403, reason: 'userRateLimitExceeded', code: 'throttled' },
  { status: 403, reason: 'rateLimitExceeded', code: 'throttled' },
  { status: 403, reason: 'quotaExceeded', code: 'throttled' },
  { status: 403, reason: 'dailyLimitExceeded', code: 'throttled' },
  { status: 403, reason: 'insufficientPermissions', code: 'consent_revoked', retryable: false }, // a scope was not granted
  { status: 403, reason: 'domainPolicy', code: 'forbidden' },
  { status: 403, code: 'forbidden' },
  { status: 404, code: 'not_found' },
  { status: 409, code: 'conflict' },
  { status: 412, code: 'conflict' },
  { status: 429, code: 'throttled' },
  { status: 500, code: 'provider_unavailable' },
  { status: 502, code: 'provider_unavailable' },
  { status: 503, code: 'provider_unavailable' },
  { status: 504, code: 'provider_unavailable' },
];

export function googleReason(err: unknown): { status?: number; reason?: string } {
  const e = err as GaxiosLike;
  const status = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : undefined);
  const data = e?.response?.data as { error?: unknown } | undefined;
  let reason: string | undefined;
  if (typeof data?.error === 'string') reason = data.error;
  else if (data?.error && typeof data.error === 'object') {
    const env = data.error as { errors?: { reason?: string }[]; status?: string };
    reason = env.errors?.[0]?.reason ?? env.status;
  }
  return { status, reason };
}

/** Classifies anything thrown by a googleapis / google-auth-library call. AppErrors pass through. */
export function toAppError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const { status, reason } = googleReason(err);
  const e = err as GaxiosLike;
  if (status === undefined) {
    const names = [e?.name, e?.cause?.name];
    // Our requests are only ever aborted by their `timeout`, so an abort is a timeout.
    const timedOut = names.includes('AbortError') || names.includes('TimeoutError') || e?.code === 'ETIMEDOUT' || e?.cause?.code === 'ETIMEDOUT';
    return new AppError(timedOut ? 'timeout' : 'provider_unavailable', `${what}: no answer from Google`, { cause: err });
  }
  const row = TABLE.find((r) => (r.status === undefined || r.status === status) && (r.reason === undefined || r.reason === reason))
    ?? { code: status >= 500 ? 'provider_unavailable' : 'internal' as ErrorCode };
  const retryAfterMs = retryAfter(e?.response?.headers);
  return new AppError(row.code, `${what}: Google answered ${status}${reason ? ` ${reason}` : ''}`, {
    cause: err,
    ...(row.retryable !== undefined ? { retryable: row.retryable } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function retryAfter(headers: unknown): number | undefined {
  let v: string | null | undefined;
  if (headers && typeof (headers as Headers).get === 'function') v = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') v = (headers as Record<string, string>)['retry-after'];
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}
