import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { withBackoff } from '../../../../connectors/google/backoff.ts';
import { toAppError } from '../../../../connectors/google/google-errors.ts';
import { countingBackoff } from './provider-fixture.ts';

// A bare HTTP server standing in for a Google front end that sends Retry-After (Gmail itself rarely does), or
// never answers; requests go through the real googleapis client with an API key (no OAuth needed here).
let server: Server;
let url: string;
let answers: { status: number; headers?: Record<string, string>; body?: object }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const a = answers.shift() ?? { status: 200, body: { emailAddress: 'x@y.test', historyId: '1' } };
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(JSON.stringify(a.body ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const gmail = (rootUrl: string, timeout = 5000) => new gmail_v1.Gmail({ auth: 'api-key', rootUrl, retry: false, timeout });
const envelope = (code: number, reason: string) => ({ error: { code, message: 'x', errors: [{ reason, domain: 'usageLimits', message: 'x' }], status: 'X' } });

describe('Google error table', () => {
  it('429 with Retry-After: throttled with retryAfterMs, and the back-off waits exactly that long', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '2' }, body: envelope(429, 'rateLimitExceeded') }];
    const backoff = countingBackoff();
    const res = await withBackoff('profile', () => gmail(url).users.getProfile({ userId: 'me' }), backoff);
    expect(res.data.emailAddress).toBe('x@y.test');
    expect(backoff.waits).toEqual([2000]);
  });

  it('classifies by status and reason, never by message text', async () => {
    const cases: [number, string, string][] = [
      [403, 'userRateLimitExceeded', 'throttled'],
      [403, 'insufficientPermissions', 'consent_revoked'],
      [403, 'forbidden', 'forbidden'],
      [400, 'failedPrecondition', 'mailbox_unavailable'],
      [400, 'invalidArgument', 'invalid_input'],
      [404, 'notFound', 'not_found'],
      [409, 'duplicate', 'conflict'],
      [503, 'backendError', 'provider_unavailable'],
    ];
    for (const [status, reason, code] of cases) {
      answers = [{ status, body: envelope(status, reason) }];
      const err = await gmail(url).users.getProfile({ userId: 'me' }).then(() => null, (e: unknown) => toAppError(e, 'profile'));
      expect(err?.code, `${status} ${reason}`).toBe(code);
    }
  });

  it('no answer: a refused connection is provider_unavailable, a hung one is timeout', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await gmail(deadUrl).users.getProfile({ userId: 'me' }).then(() => null, (e: unknown) => toAppError(e, 'profile'));
    expect(refused?.code).toBe('provider_unavailable');
    const silent = createServer(() => {}); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const hungUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const hung = await gmail(hungUrl, 300).users.getProfile({ userId: 'me' }).then(() => null, (e: unknown) => e);
      expect(toAppError(hung, 'profile').code).toBe('timeout');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});
