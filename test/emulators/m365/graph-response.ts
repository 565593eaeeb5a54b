/**
 * Graph routes return a value instead of writing to the socket, so `$batch` can run sub-requests through the
 * same code and the HTTP layer writes the rest.
 */
import { randomUUID } from 'node:crypto';

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON value, raw bytes, or nothing (204). */
  body?: unknown;
}

/** What a route sees of a request. */
export interface GraphRequestContext {
  method: string;
  /** Path below /v1.0, split into decoded segments. */
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Buffer;
  appId: string;
  tenantId: string;
  /** Prefer: IdType="ImmutableId" was sent. */
  immutableIds: boolean;
  /** Prefer: odata.maxpagesize=N, when sent. */
  maxPageSize?: number;
}

/** Graph's error shape: {"error":{"code","message","innerError":{date, request-id, client-request-id}}}. */
export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): GraphResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'request-id': requestId, ...headers },
    body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId } } },
  };
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): GraphResponse {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function noContent(status = 204): GraphResponse {
  return { status };
}

export function jsonBody<T>(ctx: GraphRequestContext): T | undefined {
  if (ctx.body.length === 0) return undefined;
  try {
    return JSON.parse(ctx.body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export const notFound = (what = 'The specified object was not found in the store.') => graphError(404, 'ErrorItemNotFound', what);
export const badRequest = (message: string, code = 'ErrorInvalidRequest') => graphError(400, code, message);
