/**
 * Start an HTTPS server on localhost (bound to whatever localhost resolves to, as clients do) with the test certificate, on a random free port.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestTls } from './test-ca.ts';

/** A listening HTTPS server and its base URL (https://localhost:PORT). */
export interface RunningHttps {
  server: Server;
  port: number;
  /** Uses the host name `localhost` so certificate and SDK host lists match. */
  url: string;
  close(): Promise<void>;
}

export async function listenHttps(tls: TestTls, handler: (req: IncomingMessage, res: ServerResponse) => void, port = 0): Promise<RunningHttps> {
  const server = createServer({ key: tls.key, cert: tls.cert }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `https://localhost:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
