import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config/load.ts';
import { googleOnboardingRouter, onboardGoogle, type GoogleOnboardingDeps } from '../../../../src/http/onboarding/google.ts';
import { createLogger } from '../../../../src/observability/logger.ts';
import { keyringFromConfig } from '../../../../src/store/keyring-from-config.ts';
import { openStore, type Store } from '../../../../src/store/store.ts';
import { MAILWARDEN_SCOPES, startGoogleWorld, TOPIC, type GoogleWorld } from '../../../emulators/google/google-world.ts';

let w: GoogleWorld;
let store: Store;
let dir: string;
let deps: GoogleOnboardingDeps;

beforeAll(async () => {
  w = await startGoogleWorld({ userCount: 4 });
  w.emu.addUser(`gone@${w.domain}`, { suspended: true });
  dir = mkdtempSync(join(tmpdir(), 'mw-onboard-google-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  store = await openStore({ keyring: keyringFromConfig(config, createLogger({ level: 'silent' })), dataDir: dir });
  deps = { store, serviceAccount: w.sa, topicName: TOPIC, publicUrl: 'https://mailwarden.test', endpoints: w.connection.endpoints };
});
afterAll(async () => {
  await w.emu.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Google onboarding', () => {
  it('names exactly the scopes the admin has not granted, and stores nothing', async () => {
    w.emu.grantDelegation(w.domain, w.sa.client_id, ['https://mail.google.com/']);
    try {
      const report = await onboardGoogle(deps, { domain: w.domain, adminEmail: w.admin });
      expect(report.status).toBe('missing_scopes');
      expect(report.missingScopes.sort()).toEqual(MAILWARDEN_SCOPES.filter((s) => s !== 'https://mail.google.com/').sort());
      expect(await store.tenants.get(report.tenantId)).toBeNull();
    } finally {
      w.emu.grantDelegation(w.domain, w.sa.client_id, MAILWARDEN_SCOPES);
    }
  });

  it('watches every active mailbox, records suspended ones as skipped, and a re-run keeps each cursor', async () => {
    const first = await onboardGoogle(deps, { domain: w.domain, adminEmail: w.admin });
    expect(first).toMatchObject({ status: 'ready', mailboxes: { total: 6, watched: 5, skipped: [{ address: `gone@${w.domain}`, reason: 'suspended or archived' }] } });
    expect((await store.mailboxes.get(first.tenantId, `gone@${w.domain}`))?.enabled).toBe(false);
    const tenant = await store.tenants.get(first.tenantId);
    expect(tenant?.settings).toMatchObject({ adminEmail: w.admin, domain: w.domain, topicName: TOPIC });
    const user = w.users[1];
    const cursor = (await store.cursors.get(first.tenantId, user)).cursor;
    expect(cursor).toBe(String(w.emu.mailbox(user).historyId));
    expect((await store.subscriptions.forMailbox(first.tenantId, user))?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);

    // Mail arrives, then the admin runs onboarding again: the cursor must not jump over that mail.
    w.emu.deliver([user], Buffer.from('From: a@b.test\r\nTo: x\r\nSubject: s\r\n\r\nbody'));
    const watchesBefore = w.emu.callCount('watch', user);
    const again = await onboardGoogle(deps, { domain: w.domain, adminEmail: w.admin });
    expect(again.mailboxes.watched).toBe(5);
    expect((await store.cursors.get(first.tenantId, user)).cursor).toBe(cursor);
    expect(w.emu.callCount('watch', user)).toBe(watchesBefore); // the watch is fresh: not renewed
  });

  it('the HTTP route refuses a foreign admin address and answers 409 for missing scopes', async () => {
    const app = express();
    app.use('/onboarding/google', googleOnboardingRouter(deps));
    const server: Server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/onboarding/google`;
    const post = (body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    try {
      expect((await post({ domain: w.domain, adminEmail: 'boss@other.test' })).status).toBe(400);
      expect((await post({ domain: w.domain })).status).toBe(400);
      w.emu.revokeDelegation(w.domain, w.sa.client_id);
      const res = await post({ domain: w.domain, adminEmail: w.admin });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { missingScopes: string[] }).missingScopes).toHaveLength(MAILWARDEN_SCOPES.length);
    } finally {
      w.emu.grantDelegation(w.domain, w.sa.client_id, MAILWARDEN_SCOPES);
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
