import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from '../observability/logger.ts';

export interface RunningServer {
  server: Server;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish for up to graceMs, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

/** Listens for the app. Separate from the app factory so tests and roles decide whether anything listens. */
export interface ServerTimeouts {
  /** Whole request (headers and body) must arrive within this; otherwise 408 and the socket is closed. */
  requestTimeoutMs?: number;
  /** Headers must arrive within this (slowloris: a header byte now and then never completes a request). */
  headersTimeoutMs?: number;
}

export async function startServer(app: Express, options: { port: number; host: string; logger: Logger } & ServerTimeouts): Promise<RunningServer> {
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  // Node checks the two timeouts on a timer, every 30 s by default: a slow client could then hold its socket
  // for timeout + 30 s. Check every second (or sooner for tighter timeouts).
  const server = createServer({ connectionsCheckingInterval: Math.min(1000, headersTimeout) }, app);
  // Graph expects an answer within 3 s; a slow client must not hold a socket forever.
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = headersTimeout;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port, host: options.host }, 'http listening');
  return {
    server,
    port,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
