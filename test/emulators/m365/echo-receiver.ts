/** A tiny HTTPS endpoint that passes Graph's validation handshake and records what it is sent. */
import { listenHttps, type RunningHttps } from '../tls/https-server.ts';
import { testTls } from '../tls/test-ca.ts';

export async function echoReceiver(): Promise<{ url: string; received: Record<string, unknown>[]; close: () => Promise<void> }> {
  const received: Record<string, unknown>[] = [];
  const server: RunningHttps = await listenHttps(testTls(), (req, res) => {
    const token = new URL(req.url ?? '/', 'https://x').searchParams.get('validationToken');
    if (token !== null) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push(...(JSON.parse(Buffer.concat(chunks).toString()).value as Record<string, unknown>[]));
      res.writeHead(202).end();
    });
  });
  return { url: `${server.url}/webhooks/m365`, received, close: () => server.close() };
}
