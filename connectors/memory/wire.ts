import { AppError, type ErrorCode } from '../../src/core/errors.ts';

/** JSON encoding that keeps bytes and dates, for the memory provider's RPC between processes. */
export function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b64: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$b64 === 'string') return new Uint8Array(Buffer.from(o.$b64, 'base64'));
    if (typeof o.$date === 'string') return new Date(o.$date);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

export function errorToWire(err: unknown): WireError {
  if (err instanceof AppError) return { code: err.code, message: err.message, retryable: err.retryable, retryAfterMs: err.retryAfterMs };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err), retryable: true };
}

export function wireToError(w: WireError): AppError {
  return new AppError(w.code, w.message, { retryable: w.retryable, retryAfterMs: w.retryAfterMs });
}
