import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PHISH = [
  'From: "IT Support" <it-support@example.org>',
  'To: user@dev.local',
  'Subject: Password expires today',
  'Message-ID: <start-test@example.org>',
  'Date: Thu, 03 Dec 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Your password expires today. Keep it at https://example.org/keep',
  '',
].join('\r\n');

describe('npm start on a fresh checkout: no Redis, no PostgreSQL, no configuration', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mw-start-'));
  const oldKey = randomBytes(32).toString('base64');
  let child: ChildProcess;
  let out = '';
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz, processes an ingested message end to end, never logs a configured secret, stops on SIGTERM', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'debug', VAULT_PREVIOUS_KEYS: `old:${oldKey}` };
    child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const base = `http://127.0.0.1:${port}`;

    const health = await waitFor(async () => (await fetch(`${base}/healthz`)).json() as Promise<{ status: string }>, 30_000, '/healthz');
    expect(health.status).toBe('ok');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const res = await fetch(`${base}/dev/ingest?address=user@dev.local`, { method: 'POST', body: PHISH, headers: { 'content-type': 'message/rfc822' } });
    expect(res.status).toBe(202);
    const { messageKey } = (await res.json()) as { messageKey: string };
    const done = await waitFor(
      async () => {
        const r = (await (await fetch(`${base}/dev/messages/${messageKey}`)).json()) as { status: string; verdict: { verdict: string; decision: { mode: string } } | null };
        return r.status === 'scanned' ? r : undefined;
      },
      30_000,
      'a verdict',
    );
    expect(done.verdict).not.toBeNull();
    expect(done.verdict!.decision.mode).toBe('monitor'); // a new tenant starts in monitor mode

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/mailwarden_verdicts_total\{verdict="[a-z]+"\} 1/);
    expect(metrics).toContain('mailwarden_queue_depth{queue="scan",state="completed"} 1');
    expect(metrics).toContain('mailwarden_scan_seconds_count 1');

    // The generated development key is private to the service user.
    expect(statSync(join(dataDir, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'mailwarden.sqlite')).size).toBeGreaterThan(0);

    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('close', r)); // 'close': every output chunk has arrived
    expect(out).toContain('generated a development key');
    expect(out).toContain('"msg":"stopped"');
    expect(out).not.toContain(oldKey);
    expect(out).not.toContain('Password expires today'); // no message content in logs
  }, 60_000);
});
