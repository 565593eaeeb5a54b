import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/http/auth/password.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { adminDb } from '../../../src/store/admin-tables.ts';
import { openStore } from '../../../src/store/store.ts';
import { usersRepo } from '../../../src/store/users-repo.ts';

const dir = mkdtempSync(join(tmpdir(), 'mw-users-cli-'));
const run = (args: string[], input: string) =>
  spawnSync(process.execPath, ['bin/mailwarden.js', 'users', ...args], { input, encoding: 'utf8', env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' }, timeout: 60_000 });

describe('mailwarden users add --password-stdin', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the first owner (every tenant) with a scrypt hash, and refuses a short password or an unknown role', async () => {
    const ok = run(['add', '--email', 'Owner@Example.com', '--role', 'owner', '--password-stdin'], 'a very long password 1\n');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('owner@example.com\towner\t* (every tenant)');
    expect(run(['add', '--email', 'b@example.com', '--role', 'owner', '--password-stdin'], 'short\n').status).toBe(2);
    expect(run(['add', '--email', 'c@example.com', '--role', 'root', '--password-stdin'], 'a very long password 1\n').status).toBe(2);
    const { readFileSync } = await import('node:fs');
    const store = await openStore({ dataDir: dir, keyring: createKeyring('k1', Buffer.from(readFileSync(join(dir, 'vault.key'), 'utf8').trim(), 'base64')) });
    try {
      const cred = await usersRepo(store.db).credentials('owner@example.com');
      expect(cred?.passwordHash).toMatch(/^scrypt\$/);
      expect(await verifyPassword('a very long password 1', cred!.passwordHash!)).toBe(true);
      const m = await adminDb(store.db).selectFrom('memberships').selectAll().execute();
      expect(m.map((r) => [r.tenant_id, r.role])).toEqual([['*', 'owner']]);
      expect(await usersRepo(store.db).count()).toBe(1);
    } finally {
      await store.close();
    }
  }, 90_000);
});
