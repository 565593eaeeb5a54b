import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPush {
  authorization: string;
  body: { message: { data: string; messageId: string; publishTime: string; attributes: Record<string, string> }; subscription: string };
}

/** A bare HTTP endpoint recording Pub/Sub pushes and answering with scripted statuses (then `fallback`). */
export async function startPushReceiver(statuses: number[] = [], fallback = 204): Promise<{ url: string; received: ReceivedPush[]; close(): Promise<void> }> {
  const received: ReceivedPush[] = [];
  const script = [...statuses];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ authorization: String(req.headers.authorization ?? ''), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.statusCode = script.shift() ?? fallback;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Decoded `message.data` of a Gmail push. */
export function pushData(p: ReceivedPush): { emailAddress: string; historyId: number } {
  return JSON.parse(Buffer.from(p.body.message.data, 'base64').toString('utf8'));
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
