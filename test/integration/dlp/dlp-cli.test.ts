/**
 * `mailwarden dlp plan|apply --tenant <id>` end to end: the real CLI process, the tenant and its policy in the
 * service store (SQLite), the real SDKs over HTTPS to the emulators (MSAL + fetch to the Exchange admin API;
 * google-auth-library + googleapis' Cloud Identity client). Creates the rules once; the second apply changes nothing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../src/policy/index.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { POLICY_SCOPE } from '../../emulators/google/cloud-identity-routes.ts';
import { MAILWARDEN_SCOPES, startGoogleWorld, type GoogleWorld } from '../../emulators/google/google-world.ts';
import { startM365Emulator, type M365Emulator } from '../../emulators/m365/emulator.ts';
import { createTestTenant, type TestTenant } from '../../emulators/m365/test-tenant.ts';

const exec = promisify(execFile);
const OFF = { enabled: false };
const DLP = {
  builtins: { DLP_PAYMENT_CARD: { action: 'block' }, DLP_IBAN: { action: 'notify' }, DLP_US_SSN: OFF, DLP_UK_NINO: OFF, DLP_AWS_ACCESS_KEY: OFF, DLP_AWS_SECRET_KEY: OFF, DLP_PRIVATE_KEY: { action: 'block' }, DLP_ACCESS_TOKEN: OFF, DLP_JWT: OFF, DLP_CONNECTION_STRING: OFF },
  patterns: [{ id: 'emp', name: 'Employee ids', regex: 'EMP-[0-9]{6}', action: 'notify' }],
  wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon', 'kestrel'], minCount: 2 }],
};

describe('mailwarden dlp plan / apply against the emulators', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mw-dlp-cli-'));
  const key = randomBytes(32).toString('base64');
  const env = { ...process.env, DATA_DIR: dir, VAULT_KEY: key, LOG_LEVEL: 'silent' };
  let store: Store;
  let emu: M365Emulator;
  let m365: TestTenant;
  let google: GoogleWorld;

  const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const r = await exec(process.execPath, ['bin/mailwarden.js', 'dlp', ...args], { env, timeout: 60_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    store = await openStore({ dataDir: dir, keyring: createKeyring('k1', Buffer.from(key, 'base64')) });
    emu = await startM365Emulator();
    m365 = createTestTenant(emu, { users: 1 });
    emu.exchange.grant(m365.tenant.id, m365.app.appId, { role: 'Transport Rules' });
    await store.tenants.upsert({ id: 'contoso', name: 'Contoso', provider: 'm365', settings: m365.connection.settings, endpoints: m365.connection.endpoints!, policy: validatePolicy({ dlp: DLP }) });
    google = await startGoogleWorld({ userCount: 1, tls: true });
    google.emu.grantDelegation(google.domain, google.sa.client_id, [...MAILWARDEN_SCOPES, POLICY_SCOPE]);
    await store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'google', settings: google.connection.settings, endpoints: google.connection.endpoints!, policy: validatePolicy({ dlp: DLP }) });
  }, 60_000);

  afterAll(async () => {
    await store.close();
    await emu.close();
    await google.emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Microsoft 365: plan shows five creates and changes nothing; apply creates the transport rules; the second apply is all keep', async () => {
    const plan = await cli('plan', '--tenant', 'contoso');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^create\s+builtin-payment-card\s+transport rule "MailWarden DLP - builtin-payment-card": outbound mail with Credit Card Number → reject 5\.7\.1$/m);
    expect(plan.stdout).toContain('5 to create, 0 to update, 0 to delete, 0 unchanged');
    expect(emu.exchange.rules.list(m365.tenant.id)).toEqual([]);

    const apply = await cli('apply', '--tenant', 'contoso');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('5 created, 0 updated, 0 deleted, 0 unchanged');
    expect(emu.exchange.rules.list(m365.tenant.id).map((r) => r.Name).sort()).toEqual(['MailWarden DLP - builtin-iban', 'MailWarden DLP - builtin-payment-card', 'MailWarden DLP - builtin-private-key', 'MailWarden DLP - pattern-emp', 'MailWarden DLP - words-falcon']);

    const again = await cli('apply', '--tenant', 'contoso');
    expect(again.stdout).toContain('0 created, 0 updated, 0 deleted, 5 unchanged');
    expect(again.stdout.split('\n').filter((l) => /^(create|update|delete)\s/.test(l))).toEqual([]);
    const cmdlets = emu.exchange.calls.filter((c) => c.tenantId === m365.tenant.id).map((c) => c.cmdlet);
    expect(cmdlets.filter((c) => c === 'New-TransportRule')).toHaveLength(5);
    expect(cmdlets.filter((c) => c === 'Set-TransportRule' || c === 'Remove-TransportRule')).toEqual([]);

    const audit = await store.db.selectFrom('audit_log').select(['action', 'actor']).where('tenant_id', '=', 'contoso').where('action', '=', 'dlp.apply').execute();
    expect(audit).toHaveLength(2);
  }, 120_000);

  it('Google Workspace: plan, apply creates the DLP rules and detectors once, the second apply is all keep', async () => {
    expect(google.emu.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const customer = google.emu.directory.customers.get(google.domain)!.customerId;
    const plan = await cli('plan', '--tenant', 'acme');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('5 to create, 0 to update, 0 to delete, 0 unchanged');
    expect(google.emu.policies.forCustomer(customer)).toEqual([]);

    const apply = await cli('apply', '--tenant', 'acme');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('5 created, 0 updated, 0 deleted, 0 unchanged');
    const types = google.emu.policies.forCustomer(customer).map((p) => p.setting.type);
    expect(types.filter((t) => t === 'settings/rule.dlp')).toHaveLength(5);
    expect(types.filter((t) => t !== 'settings/rule.dlp').sort()).toEqual(['settings/detector.regular_expression', 'settings/detector.word_list']);
    const before = JSON.stringify(google.emu.policies.forCustomer(customer));

    const again = await cli('apply', '--tenant', 'acme');
    expect(again.stdout).toContain('0 created, 0 updated, 0 deleted, 5 unchanged');
    expect(JSON.stringify(google.emu.policies.forCustomer(customer))).toBe(before);
  }, 120_000);

  it('a policy edit flows through: the dropped rule is deleted, the changed action updated', async () => {
    await store.tenants.setPolicy('contoso', validatePolicy({ dlp: { ...DLP, wordLists: [], builtins: { ...DLP.builtins, DLP_PAYMENT_CARD: { action: 'audit' } } } }));
    const apply = await cli('apply', '--tenant', 'contoso');
    expect(apply.stdout).toMatch(/^update\s+builtin-payment-card\s.*\[policy changed\]$/m);
    expect(apply.stdout).toMatch(/^delete\s+words-falcon\s/m);
    expect(apply.stdout).toContain('0 created, 1 updated, 1 deleted, 3 unchanged');
    expect(emu.exchange.rules.list(m365.tenant.id).some((r) => r.Name.endsWith('words-falcon'))).toBe(false);
  }, 120_000);

  it('an unknown tenant exits 2; a provider refusal exits 1 with the reason and is audited', async () => {
    expect((await cli('plan', '--tenant', 'nope')).code).toBe(2);
    emu.exchange.grant(m365.tenant.id, m365.app.appId, { manageAsApp: false });
    const refused = await cli('apply', '--tenant', 'contoso');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Exchange.ManageAsApp');
    const audit = await store.db.selectFrom('audit_log').select(['action']).where('tenant_id', '=', 'contoso').where('action', '=', 'dlp.apply.failed').execute();
    expect(audit).toHaveLength(1);
  }, 120_000);
});
