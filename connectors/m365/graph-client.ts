/**
 * The Graph SDK client for one tenant. The SDK's own RetryHandler is left out on purpose: retries and
 * Retry-After waits happen in {@link MailboxGate}, which releases its concurrency slot while waiting, so a
 * throttled call never blocks the mailbox's other calls nor exceeds the per-mailbox cap.
 * The SDK has no request timeout of its own: {@link RequestTimeoutHandler} gives each request one, so a Graph
 * that stops answering costs a retryable `timeout`, never a worker job hung for good.
 */
import { AuthenticationHandler, Client, HTTPMessageHandler, TelemetryHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { TokenSource } from './msal-auth.ts';
import type { M365Endpoints } from './settings.ts';

/** Default for `requestTimeoutMs`: a 50 MB `$value` download over a slow link fits; a hung socket does not. */
export const GRAPH_REQUEST_TIMEOUT_MS = 60_000;

/** Aborts each request (headers and body) after `timeoutMs`; the SDK reports it as a GraphError code TimeoutError. */
class RequestTimeoutHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    context.options = { ...context.options, signal: AbortSignal.timeout(this.timeoutMs) };
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export function createGraphClient(tokens: TokenSource, endpoints: M365Endpoints, timeoutMs = GRAPH_REQUEST_TIMEOUT_MS): Client {
  const graphUrl = new URL(endpoints.graph);
  const authProvider = { getAccessToken: () => tokens.getToken() };
  return Client.initWithMiddleware({
    baseUrl: endpoints.graph,
    defaultVersion: 'v1.0',
    // The SDK only attaches the bearer token to Graph hosts and to these (matched without the port).
    customHosts: new Set([graphUrl.hostname]),
    middleware: [new AuthenticationHandler(authProvider), new RequestTimeoutHandler(timeoutMs), new TelemetryHandler(), new HTTPMessageHandler()],
  });
}
