import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleProvider } from '../../../connectors/google/google-provider.ts';
import { rawMail, TOPIC } from './google-world.ts';

// The emulator as its own process (serve.ts), driven by the control API and by the connector over HTTP.
let child: ChildProcess;
let info: { apiRoot: string; tokenUrl: string; adminEmail: string; domain: string; keyFile: string };
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mw-google-serve-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'test/emulators/google/serve.ts', '--port', '0', '--users', '2', '--key-file', join(dir, 'sa.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  info = await new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      try {
        resolve(JSON.parse(out));
      } catch {}
    });
    child.on('exit', (code) => reject(new Error(`serve.ts exited ${code}`)));
  });
});
afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('Google emulator control API (separate process)', () => {
  it('delivers over the control API; the connector finds, fetches and quarantines it; faults are injected', async () => {
    expect(statSync(info.keyFile).mode & 0o777).toBe(0o600);
    const sa = JSON.parse(readFileSync(info.keyFile, 'utf8'));
    const user = `user001@${info.domain}`;
    const provider = new GoogleProvider({
      tenantId: 't', provider: 'google',
      settings: { serviceAccount: sa, adminEmail: info.adminEmail, topicName: TOPIC },
      endpoints: { googleApis: info.apiRoot, googleToken: info.tokenUrl },
    });
    const mailbox = { tenantId: 't', provider: 'google' as const, mailboxId: user, address: user };
    const sub = await provider.ensureSubscription(mailbox, null, '');
    const post = (path: string, body: object) => fetch(`${info.apiRoot}__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const res = await post('deliver', { to: [user], raw: rawMail({ to: user, subject: 'over the wire' }).toString('base64') });
    const { ids } = (await res.json()) as { ids: Record<string, string> };
    const batch = await provider.listChanges(mailbox, { kind: 'notification' }, sub.cursor);
    expect(batch.messages).toEqual([{ messageId: ids[user], direction: 'inbound' }]);
    expect((await provider.remediate({ mailbox, messageId: ids[user], direction: 'inbound' }, 'quarantine')).changed).toBe(true);
    const listed = (await (await fetch(`${info.apiRoot}__emulator/mailboxes/${user}/messages`)).json()) as { id: string; labelIds: string[] }[];
    expect(listed.find((m) => m.id === ids[user])?.labelIds).not.toContain('INBOX');

    expect((await post('faults', { http: { user, method: 'messages.get', statuses: [404] } })).status).toBe(204);
    await expect(provider.fetchRaw({ mailbox, messageId: ids[user], direction: 'inbound' }, { maxBytes: 1e6 })).rejects.toMatchObject({ code: 'not_found' });
    expect((await post('trim-history', { user })).status).toBe(204);
    expect((await provider.listChanges(mailbox, { kind: 'catchup', reason: 'test' }, sub.cursor)).fullSync).toBe(true);
  });
});
