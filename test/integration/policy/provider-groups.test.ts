import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../../../src/pipeline/jobs.ts';
import { sweepHold } from '../../../src/pipeline/hold-sweep.ts';
import { holdRepo } from '../../../src/store/hold-repo.ts';
import type { Group } from '../../emulators/m365/directory-groups.ts';
import { testMessage, verdictFromSubject } from '../../helpers/verdict-detector.ts';
import { startM365World, waitUntil, type M365World } from '../m365/m365-world.ts';

/**
 * Per-group policy where the provider has groups: the tenant's Entra ID group memberships (nested groups too)
 * are read at onboarding, and a policy group naming an Entra ID group id applies to its members in the scan
 * (mode) and in the hold sweep (hold), on the Graph emulator with the real SDK.
 */
describe('policy groups from Entra ID groups (Graph emulator, SQLite + in-process queues)', () => {
  let w: M365World;
  let tenantId = '';
  let finance: Group;
  let allFinance: Group;
  let n = 0;
  const key = (mailboxId: string, id: string) => ids.message('m365', tenantId, mailboxId, id);

  beforeAll(async () => {
    w = await startM365World({ users: 3, detectors: [verdictFromSubject], emulator: { notifier: { retryDelaysMs: [50, 200, 500], batchDelayMs: 10 } } });
    // user1 is in Finance, which is itself a member of All Finance (the group the policy names); user2 and user3 are in neither.
    finance = w.emu.control.createGroup(w.tenant.id, 'Finance', [w.users[0]!.id]);
    allFinance = w.emu.control.createGroup(w.tenant.id, 'All Finance', [finance.id]);
    w.emu.control.createGroup(w.tenant.id, 'Sales', [w.users[1]!.id]);
    const report = await w.consent();
    expect(report.status).toBe('ready');
    tenantId = report.tenantId;
  }, 60_000);
  afterAll(async () => w?.close());

  it('onboarding stores each mailbox\'s groups, nested ones included', async () => {
    expect((await w.rt.store.mailboxes.get(tenantId, w.users[0]!.id))?.groups).toEqual([allFinance.id, finance.id].sort());
    expect((await w.rt.store.mailboxes.get(tenantId, w.users[1]!.id))?.groups).toHaveLength(1);
    expect((await w.rt.store.mailboxes.get(tenantId, w.users[2]!.id))?.groups).toEqual([]);
  });

  it('a policy group naming the Entra ID group enforces for its members while the rest of the tenant is monitored', async () => {
    await w.rt.store.tenants.setPolicy(tenantId, { mode: 'monitor', groups: [{ id: 'finance', members: [allFinance.id], overrides: { mode: 'enforce' } }] });
    const sent = [0, 2].map((i) => ({ u: w.users[i]!, id: w.emu.control.deliver(w.users[i]!.id, Buffer.from(testMessage('phishing', n++))).immutableId }));
    await waitUntil(async () => (await Promise.all(sent.map((m) => w.rt.store.messages.verdict(key(m.u.id, m.id))))).every(Boolean), 30_000, 'verdicts');
    await w.drained();
    const [member, other] = sent;
    expect(w.emu.control.folderOf(member!.id)).toBe('MailWarden Quarantine');
    expect((await w.rt.store.messages.verdict(key(member!.u.id, member!.id)))?.decision).toMatchObject({ mode: 'enforce', action: 'quarantine' });
    expect(w.emu.control.folderOf(other!.id)).toBe('inbox');
    expect((await w.rt.store.messages.verdict(key(other!.u.id, other!.id)))?.decision).toMatchObject({ mode: 'monitor', planned: 'quarantine', action: 'none' });
  });

  it('the hold sweep installs the hold only for the group\'s members', async () => {
    await w.rt.store.tenants.setPolicy(tenantId, { mode: 'enforce', hold: false, groups: [{ id: 'finance', members: [allFinance.id], overrides: { hold: true } }] });
    const report = await sweepHold(w.rt.ctx);
    expect(report.reconciled.installed).toBe(1);
    const holds = await holdRepo(w.rt.store.db).forTenant(tenantId);
    expect(holds.get(w.users[0]!.id)?.state).toBe('installed');
    expect(holds.get(w.users[1]!.id)?.state ?? null).toBeNull();
    expect(holds.get(w.users[2]!.id)?.state ?? null).toBeNull();
    const rules = [...w.emu.store.rules.values()].filter((r) => r.displayName === 'MailWarden hold');
    expect(rules.map((r) => r.userId)).toEqual([w.users[0]!.id]);
  });
});
