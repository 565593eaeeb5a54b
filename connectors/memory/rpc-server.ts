import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MailboxProvider } from '../../src/core/provider.ts';
import { createMemoryProvider } from './memory-provider.ts';
import type { MemoryMailStore } from './mail-store.ts';
import { decode, encode, errorToWire } from './wire.ts';

const PROVIDER_METHODS = new Set([
  'listMailboxes', 'ensureSubscription', 'removeSubscription', 'listChanges', 'fetchRaw', 'remediate', 'restoreRaw',
  'installHold', 'listHeld', 'syncDlpRules', 'sendMail',
]);

/**
 * What the served provider is going through: a round-trip delay every call waits (a remote provider's latency,
 * settable while serving) and how many calls it is answering at once, per method (the most seen, too), so a
 * test can count the concurrency its worker processes really reached instead of timing them.
 */
export interface ServedProviderLoad {
  latencyMs: number;
  readonly inFlight: Map<string, number>;
  readonly peak: Map<string, number>;
}

/**
 * Serves one MemoryMailStore over HTTP on 127.0.0.1 so that worker processes spawned by a test (or a bench)
 * share one set of mailboxes: POST /rpc {tenantId, method, args} → {result} | {error}. Test/dev only.
 */
export async function serveMemoryStore(store: MemoryMailStore, options: { latencyMs?: number } = {}): Promise<{ url: string; server: Server; load: ServedProviderLoad; close(): Promise<void> }> {
  const providers = new Map<string, MailboxProvider>();
  const load: ServedProviderLoad = { latencyMs: options.latencyMs ?? 0, inFlight: new Map(), peak: new Map() };
  const enter = (method: string) => {
    const n = (load.inFlight.get(method) ?? 0) + 1;
    load.inFlight.set(method, n);
    load.peak.set(method, Math.max(n, load.peak.get(method) ?? 0));
    return () => void load.inFlight.set(method, (load.inFlight.get(method) ?? 1) - 1);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let status = 200;
      let payload: unknown;
      try {
        const { tenantId, method, args } = decode(JSON.parse(Buffer.concat(chunks).toString('utf8'))) as { tenantId: string; method: string; args: unknown[] };
        if (req.url !== '/rpc' || !PROVIDER_METHODS.has(method)) {
          status = 404;
          payload = { error: { code: 'not_found', message: 'no such method', retryable: false } };
        } else {
          let provider = providers.get(tenantId);
          if (!provider) providers.set(tenantId, (provider = createMemoryProvider(store, tenantId)));
          const fn = provider[method as keyof MailboxProvider] as (...a: unknown[]) => Promise<unknown>;
          const leave = enter(method);
          try {
            payload = { result: encode(await fn(...args)) ?? null };
          } finally {
            // The provider does the work at once and its answer takes the round trip: a caller that dies
            // meanwhile leaves work done that it never heard of, as with a real provider.
            if (load.latencyMs > 0) await new Promise((r) => setTimeout(r, load.latencyMs));
            leave();
          }
        }
      } catch (err) {
        payload = { error: errorToWire(err) };
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    load,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
