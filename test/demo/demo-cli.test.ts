import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TLS_DIR_ENV } from '../emulators/tls/test-ca.ts';

/**
 * `npm run demo` exactly as the README's newcomer types it (a child process through npm, the bin entry, its
 * re-exec with the emulators' CA), bounded by `--messages`: the printed credentials sign in, detections and
 * quarantined messages show up through the admin API, and Ctrl-C stops it cleanly and removes its data.
 * test/demo/demo.test.ts checks the verdicts one by one on the in-process demo; this one checks the command.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MESSAGES = 14;

/** The environment of a new user's shell: nothing the test runner set up for the emulators' TLS. */
function freshShellEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'NODE_EXTRA_CA_CERTS' || k === TLS_DIR_ENV || k === 'VITEST' || k.startsWith('VITEST_')) delete env[k];
  return env;
}

describe('npm run demo (the command a newcomer runs)', () => {
  let child: ChildProcess | undefined;
  let out = '';
  let closed: Promise<{ code: number | null; signal: string | null }> | undefined;

  afterAll(() => {
    // Only if a failed assertion left it running: the whole group (npm, the bin, its re-exec).
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });

  it('brings up the dashboard with detections and quarantine within a minute, and Ctrl-C stops it', async () => {
    child = spawn('npm', ['run', '--silent', 'demo', '--', '--port', '0', '--rate', '8', '--messages', String(MESSAGES)], {
      cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: freshShellEnv(),
    });
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    // 'close' waits for every process holding the pipes (npm, the bin and its re-exec), not only npm.
    closed = new Promise((resolve) => child!.on('close', (code, signal) => resolve({ code, signal })));

    const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> => {
      const end = Date.now() + ms;
      for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > end || child!.exitCode !== null) throw new Error(`${what} not seen; demo printed:\n${out}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // The demo prints where to look and whom to sign in as; take both from its output, as a person would.
    const [, dataDir] = await until('the data folder', async () => /data in (\S+)/.exec(out) ?? undefined, 90_000);
    expect(existsSync(dataDir!)).toBe(true);
    const [, base, email, password] = await until('the Dashboard line', async () => /Dashboard: (http:\/\/\S+?)\/?\s+sign in as (\S+) \/ (\S+)/.exec(out) ?? undefined, 90_000);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const api = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${base}/api/v1${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    };
    const { items: tenants } = await api<{ items: { id: string; provider: string }[] }>('/tenants');
    expect(tenants.map((t) => t.provider).sort()).toEqual(['google', 'm365']);

    // Both emulated tenants get the mail mix: each must show detections and quarantined messages, in a minute.
    const firstMail = Date.now();
    for (const t of tenants) {
      await until(`a quarantined threat in the ${t.provider} tenant`, async () => {
        const q = await api<{ items: unknown[] }>(`/tenants/${t.id}/quarantine`);
        return q.items.length > 0 ? q : undefined;
      }, 60_000 - (Date.now() - firstMail));
      const detections = JSON.stringify(await api(`/tenants/${t.id}/detections`));
      expect(detections).toMatch(/"verdict":"(phishing|malware|bec)"/);
    }
    expect((await fetch(`${base}/`)).headers.get('content-type')).toMatch(/text\/html/);
    // The progress line a person watches (every 2 s) counts the same scans.
    await until('the progress line', async () => (/scanned [1-9]\d*/.test(out) ? true : undefined), 10_000);

    // Ctrl-C goes to the whole foreground group, as a terminal sends it.
    process.kill(-child.pid!, 'SIGINT');
    const end = await Promise.race([closed, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    expect(end, out).not.toBe('hung');
    // npm itself ends by the signal (as in a terminal); the demo under it stops cleanly and says so.
    expect(end === 'hung' ? null : end.code === 0 || end.signal === 'SIGINT', out).toBe(true);
    expect(out).toContain('stopped; the demo data was removed.');
    expect(existsSync(dataDir!), `${dataDir} removed`).toBe(false);
  }, 180_000);
});
