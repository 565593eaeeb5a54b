/**
 * The Graph SDK client for one tenant. The SDK's own RetryHandler is left out on purpose: retries and
 * Retry-After waits happen in {@link MailboxGate}, which releases its concurrency slot while waiting, so a
 * throttled call never blocks the mailbox's other calls nor exceeds the per-mailbox cap.
 */
import { AuthenticationHandler, Client, HTTPMessageHandler, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import type { TokenSource } from './msal-auth.ts';
import type { M365Endpoints } from './settings.ts';

export function createGraphClient(tokens: TokenSource, endpoints: M365Endpoints): Client {
  const graphUrl = new URL(endpoints.graph);
  const authProvider = { getAccessToken: () => tokens.getToken() };
  return Client.initWithMiddleware({
    baseUrl: endpoints.graph,
    defaultVersion: 'v1.0',
    // The SDK only attaches the bearer token to Graph hosts and to these (matched without the port).
    customHosts: new Set([graphUrl.hostname]),
    middleware: [new AuthenticationHandler(authProvider), new TelemetryHandler(), new HTTPMessageHandler()],
  });
}
