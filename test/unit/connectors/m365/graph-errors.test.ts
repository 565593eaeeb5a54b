import { describe, expect, it } from 'vitest';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { classifyGraphError, parseRetryAfter } from '../../../../connectors/m365/graph-errors.ts';

function graphError(status: number, code: string | null, headers: Record<string, string> = {}): GraphError {
  const e = new GraphError(status, 'message text is never used for classification');
  e.code = code;
  e.headers = new Headers(headers);
  return e;
}

describe('m365 error table', () => {
  it.each([
    [404, 'MailboxNotEnabledForRESTAPI', 'mailbox_unavailable'],
    [403, 'ErrorAccessDenied', 'forbidden'],
    [404, 'ErrorItemNotFound', 'not_found'],
    [410, 'SyncStateNotFound', 'cursor_expired'],
    [400, 'syncStateNotFound', 'cursor_expired'],
    [409, 'ErrorFolderExists', 'conflict'],
    [401, 'InvalidAuthenticationToken', 'unauthorized'],
    [503, 'ServiceUnavailable', 'provider_unavailable'],
    [502, null, 'provider_unavailable'],
    [413, null, 'limit_exceeded'],
    [400, 'ErrorInvalidIdMalformed', 'invalid_input'],
  ])('%i %s → %s', (status, code, expected) => {
    expect(classifyGraphError(graphError(status, code), 'x').code).toBe(expected);
  });

  it('429 is throttled, retryable, and carries Retry-After (seconds or HTTP date)', () => {
    const e = classifyGraphError(graphError(429, 'ApplicationThrottled', { 'retry-after': '7' }), 'x');
    expect([e.code, e.retryable, e.retryAfterMs]).toEqual(['throttled', true, 7000]);
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('a request that never got an answer is an outage, not a bug', () => {
    const e = new GraphError(-1, 'fetch failed');
    e.code = 'TypeError';
    expect(classifyGraphError(e, 'x').code).toBe('provider_unavailable');
  });

  it('an answer cut off mid-body (reset, our timeout) is an outage or a timeout, retryable, never an internal error', () => {
    const reset = new GraphError(200, 'terminated');
    reset.code = 'TypeError';
    const slow = new GraphError(201, 'The operation was aborted due to timeout');
    slow.code = 'TimeoutError';
    expect([classifyGraphError(reset, 'x').code, classifyGraphError(reset, 'x').retryable]).toEqual(['provider_unavailable', true]);
    expect(classifyGraphError(slow, 'x').code).toBe('timeout');
    // Outside the SDK ($value read as a stream): fetch's TypeError carries the socket error; the timeout is a DOMException.
    const streamCut = Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(classifyGraphError(streamCut, 'x').code).toBe('provider_unavailable');
    expect(classifyGraphError(new DOMException('timed out', 'TimeoutError'), 'x').code).toBe('timeout');
    // A plain TypeError (a bug) stays internal.
    expect(classifyGraphError(new TypeError('x is undefined'), 'x').code).toBe('internal');
  });

  it('Entra ID error numbers: consent gone vs bad credentials vs outage', () => {
    expect(classifyGraphError({ errorCode: 'unauthorized_client', errorNo: '7000229' }, 'x').code).toBe('consent_revoked');
    expect(classifyGraphError({ errorCode: 'invalid_grant', errorNo: '65001' }, 'x').code).toBe('consent_revoked');
    const creds = classifyGraphError({ errorCode: 'invalid_client', errorNo: '7000215' }, 'x');
    expect([creds.code, creds.retryable]).toEqual(['unauthorized', false]);
    expect(classifyGraphError({ errorCode: 'endpoints_resolution_error' }, 'x').code).toBe('provider_unavailable');
  });
});
