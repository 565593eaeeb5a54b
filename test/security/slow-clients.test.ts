/**
 * Slow clients against the service's listener (startServer, the webhook router): a slowloris crowd that sends a
 * header byte now and then and never finishes, and clients that trickle a body. The server keeps answering
 * genuine notifications meanwhile, and closes every slow socket once its headers or request timeout passes.
 */
import { connect, type Socket } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m365Webhook } from '../../src/http/webhooks/m365.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { NotificationJob, WebhookDeps } from '../../src/pipeline/ports.ts';

const SECRET = 'client-state-for-slow-client-test';
const SLOWLORIS = 60;
const TRICKLERS = 20;

describe('slow clients cannot tie up the webhook listener', () => {
  let server: RunningServer;
  const enqueued: NotificationJob[] = [];

  beforeAll(async () => {
    const deps: WebhookDeps = {
      findSubscription: async (_p, id) => (id === 'sub-1' ? { tenantId: 't1', mailboxId: 'm1', secret: SECRET } : null),
      findMailboxByAddress: async () => null,
      enqueueNotification: async (job) => void enqueued.push(job),
    };
    const app = express();
    app.use('/webhooks/m365', m365Webhook(deps));
    server = await startServer(app, { port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent' }), headersTimeoutMs: 800, requestTimeoutMs: 1500 });
  });

  afterAll(async () => server?.close(100));

  type Slow = { socket: Socket; answer: Promise<string> };
  const open = () =>
    new Promise<Slow>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      const answer = new Promise<string>((r) => socket.once('close', () => r(text)));
      socket.once('connect', () => resolve({ socket, answer }));
      socket.once('error', reject);
    });

  it('answers genuine notifications while slow sockets are open, then closes every slow one', async () => {
    const slow: Slow[] = [];
    for (let i = 0; i < SLOWLORIS; i++) {
      const s = await open();
      s.socket.write('POST /webhooks/m365 HTTP/1.1\r\nHost: x\r\n');
      slow.push(s);
    }
    for (let i = 0; i < TRICKLERS; i++) {
      const s = await open();
      s.socket.write('POST /webhooks/m365 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"value":[');
      slow.push(s);
    }
    // Keep them alive the slowloris way: a byte every 200 ms, never completing.
    const drip = setInterval(() => {
      for (const [i, s] of slow.entries()) if (!s.socket.destroyed) s.socket.write(i < SLOWLORIS ? 'X' : ' ');
    }, 200);
    try {
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`http://127.0.0.1:${server.port}/webhooks/m365`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: [{ subscriptionId: 'sub-1', clientState: SECRET, changeType: 'created', resourceData: { id: `AAk-${i}` } }] }),
          signal: AbortSignal.timeout(5000),
        });
        expect(res.status).toBe(202);
      }
      expect(enqueued).toHaveLength(5);
      // Every slow socket is closed by the server (408 where Node could still answer), well before the test ends.
      const answers = await Promise.race([
        Promise.all(slow.map((s) => s.answer)),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('slow sockets still open')), 10_000)),
      ]);
      expect(answers).toHaveLength(SLOWLORIS + TRICKLERS);
      expect(answers.filter((a) => a.startsWith('HTTP/1.1 408')).length).toBeGreaterThan(0);
    } finally {
      clearInterval(drip);
      for (const s of slow) s.socket.destroy();
    }
  }, 30_000);
});
