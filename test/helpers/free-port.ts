import { createServer } from 'node:net';

/** A TCP port free right now on 127.0.0.1 (for child processes that must be told their port up front). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
