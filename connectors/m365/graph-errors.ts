/**
 * The one error table for Microsoft 365: Graph error codes and statuses, and Entra ID (MSAL) error numbers,
 * classified into AppError codes at the connector boundary. Never classified from message text.
 */
import { AppError, type ErrorCode } from '../../src/core/errors.ts';

/** Graph `error.code` → our code. Checked before the HTTP status. */
const GRAPH_CODES: Record<string, ErrorCode> = {
  MailboxNotEnabledForRESTAPI: 'mailbox_unavailable',
  MailboxNotSupportedForRESTAPI: 'mailbox_unavailable',
  ErrorMailboxStoreUnavailable: 'provider_unavailable',
  ErrorAccessDenied: 'forbidden',
  Authorization_RequestDenied: 'forbidden',
  AccessDenied: 'forbidden',
  ErrorItemNotFound: 'not_found',
  ResourceNotFound: 'not_found',
  ErrorInvalidIdMalformed: 'invalid_input',
  ErrorInvalidRecipients: 'invalid_input',
  ErrorFolderExists: 'conflict',
  SyncStateNotFound: 'cursor_expired',
  syncStateNotFound: 'cursor_expired',
  resyncRequired: 'cursor_expired',
  SyncStateInvalid: 'cursor_expired',
  InvalidAuthenticationToken: 'unauthorized',
  ApplicationThrottled: 'throttled',
  TooManyRequests: 'throttled',
  ServiceUnavailable: 'provider_unavailable',
  ValidationError: 'invalid_input',
};

const STATUS: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'cursor_expired',
  412: 'conflict',
  413: 'limit_exceeded',
  429: 'throttled',
  500: 'provider_unavailable',
  502: 'provider_unavailable',
  503: 'provider_unavailable',
  504: 'provider_unavailable',
};

/** Entra ID error numbers (AADSTS…) that mean the tenant withdrew or never gave consent. */
const CONSENT_GONE = new Set(['7000229', '65001', '700016', '7000112', '500011', '90002']);
/** Our own credentials are wrong or expired: a configuration problem, not a provider outage. */
const BAD_CREDENTIALS = new Set(['7000215', '7000222', '700027', '7000218', '700024']);

interface GraphErrorLike {
  statusCode: number;
  code: string | null;
  headers?: { get(name: string): string | null } | undefined;
}

interface MsalErrorLike {
  errorCode: string;
  errorNo?: string | number;
}

function isGraphError(err: unknown): err is GraphErrorLike {
  return typeof err === 'object' && err !== null && 'statusCode' in err && typeof (err as GraphErrorLike).statusCode === 'number';
}

function isMsalError(err: unknown): err is MsalErrorLike {
  return typeof err === 'object' && err !== null && 'errorCode' in err && typeof (err as MsalErrorLike).errorCode === 'string';
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function classifyGraphError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  if (isMsalError(err)) return classifyMsal(err, what);
  if (isGraphError(err)) {
    const retryAfterMs = parseRetryAfter(err.headers?.get?.('retry-after'));
    const code = (err.code && GRAPH_CODES[err.code]) || STATUS[err.statusCode];
    const opts = { cause: err, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    if (code) return new AppError(code, `${what}: graph ${err.statusCode} ${err.code ?? ''}`.trim(), opts);
    if (err.statusCode === -1) {
      // The request never got an answer: network failure, TLS, abort.
      return new AppError(err.code === 'AbortError' || err.code === 'TimeoutError' ? 'timeout' : 'provider_unavailable', `${what}: no response (${err.code ?? 'network'})`, opts);
    }
    if (err.statusCode >= 200 && err.statusCode < 300 && err.code && BODY_CUT.has(err.code)) {
      // The answer began (2xx) but its body never arrived whole: connection reset mid-response, or our request
      // timeout fired while it trickled in. The SDK names the JavaScript error in `code`. The operation may
      // well have been carried out: the retry finds it done.
      return new AppError(err.code === 'TypeError' ? 'provider_unavailable' : 'timeout', `${what}: answer cut off (${err.code})`, opts);
    }
    return new AppError(err.statusCode >= 500 ? 'provider_unavailable' : 'internal', `${what}: graph ${err.statusCode} ${err.code ?? ''}`.trim(), opts);
  }
  const transport = transportFailure(err);
  if (transport) return new AppError(transport, `${what}: connection failed while reading the answer`, { cause: err });
  return new AppError('internal', `${what}: ${err instanceof Error ? err.name : 'unknown error'}`, { cause: err });
}

/** JavaScript error names the SDK puts in `code` when a 2xx answer's body could not be read. */
const BODY_CUT = new Set(['TypeError', 'TimeoutError', 'AbortError']);

/**
 * Errors raised outside the SDK while a raw body streams in ($value): our request timeout (a DOMException
 * named TimeoutError/AbortError) or fetch's TypeError carrying the socket error (reset, closed) as its cause.
 */
function transportFailure(err: unknown): 'timeout' | 'provider_unavailable' | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { name?: unknown; cause?: { code?: unknown } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  if (e.name === 'TypeError' && typeof e.cause?.code === 'string') return 'provider_unavailable';
  return null;
}

function classifyMsal(err: MsalErrorLike, what: string): AppError {
  const no = err.errorNo === undefined ? '' : String(err.errorNo);
  if (CONSENT_GONE.has(no)) return new AppError('consent_revoked', `${what}: admin consent missing (AADSTS${no})`, { cause: err });
  if (BAD_CREDENTIALS.has(no)) return new AppError('unauthorized', `${what}: app credentials rejected (AADSTS${no})`, { cause: err, retryable: false });
  if (err.errorCode === 'unauthorized_client' || err.errorCode === 'invalid_client') return new AppError('unauthorized', `${what}: ${err.errorCode}`, { cause: err, retryable: false });
  // Anything else from the token endpoint (network, 5xx, endpoint resolution) is treated as an outage.
  return new AppError('provider_unavailable', `${what}: token request failed (${err.errorCode})`, { cause: err });
}
