import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardM365 } from '../../../src/http/onboarding/m365.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { startM365Emulator, type M365Emulator } from '../../emulators/m365/emulator.ts';
import { createTestTenant, m365Endpoints, type TestTenant } from '../../emulators/m365/test-tenant.ts';
import { echoReceiver } from '../../emulators/m365/echo-receiver.ts';

describe('m365 onboarding: mailbox and tenant states', () => {
  let emu: M365Emulator;
  let store: Store;
  let t: TestTenant;
  let hook: Awaited<ReturnType<typeof echoReceiver>>;
  beforeAll(async () => {
    emu = await startM365Emulator();
    store = await openStore({ sqliteFile: ':memory:', keyring: createKeyring('k1', randomBytes(32)) });
    t = createTestTenant(emu, { users: ['ok', 'onprem', 'blocked', 'disabled'] });
    t.users[1].mailboxEnabled = false;
    t.users[2].accessDenied = true;
    t.users[3].accountEnabled = false;
    hook = await echoReceiver();
  });
  afterAll(async () => {
    await hook.close();
    await emu.close();
  });

  const deps = () => ({ store, app: { clientId: t.app.appId, clientSecret: t.secret }, publicUrl: hook.url.replace('/webhooks/m365', ''), stateSecret: 'x'.repeat(32), endpoints: m365Endpoints(emu) });

  it('subscribes usable mailboxes; REST-disabled, policy-blocked and disabled accounts are recorded, not fatal', async () => {
    const report = await onboardM365(deps(), t.tenant.id);
    expect(report.status).toBe('ready');
    expect(report.mailboxes.total).toBe(4);
    expect(report.mailboxes.subscribed).toBe(1);
    expect(report.mailboxes.skipped.sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: t.users[2].mail, reason: 'forbidden' },
      { address: t.users[3].mail, reason: 'account disabled' },
      { address: t.users[1].mail, reason: 'mailbox_unavailable' },
    ]);
    const enabled = await store.mailboxes.listEnabled(report.tenantId);
    expect(enabled.map((m) => m.mailboxId)).toEqual([t.users[0].id]);
    // the tenant's credentials are stored sealed, never in clear
    expect(await store.tenants.sealedSettings(report.tenantId)).not.toContain(t.secret);
    expect((await store.tenants.get(report.tenantId))?.settings.clientSecret).toBe(t.secret);
  });

  it('re-running keeps the subscription and its cursor', async () => {
    const before = await store.subscriptions.forMailbox(`m365-${t.tenant.id}`, t.users[0].id);
    const cursor = (await store.cursors.get(`m365-${t.tenant.id}`, t.users[0].id)).cursor;
    await onboardM365(deps(), t.tenant.id);
    expect((await store.subscriptions.forMailbox(`m365-${t.tenant.id}`, t.users[0].id))?.id).toBe(before?.id);
    expect((await store.cursors.get(`m365-${t.tenant.id}`, t.users[0].id)).cursor).toBe(cursor);
    expect(emu.subscriptions.live()).toHaveLength(1);
  });

  it('a tenant without consent is reported as such and nothing is stored', async () => {
    const other = createTestTenant(emu, { users: 1, consent: false, app: t.app });
    const report = await onboardM365(deps(), other.tenant.id);
    expect(report.status).toBe('consent_missing');
    expect(await store.tenants.get(report.tenantId)).toBeNull();
  });
});
