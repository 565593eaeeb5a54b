import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderCache } from '../../../../connectors/m365/folders.ts';
import { listHeldMessages } from '../../../../connectors/m365/hold-list.ts';
import { createM365Provider, type M365Provider } from '../../../../connectors/m365/provider.ts';
import { Remediator } from '../../../../connectors/m365/remediation.ts';
import type { MailboxRef } from '../../../../src/core/provider.ts';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant, mime, type TestTenant } from '../../../emulators/m365/test-tenant.ts';

/**
 * The scheduler installs the hold (and creates the hold folder) in its own process; a worker process may have
 * looked for that folder a moment earlier and remembered "none". Its hold_release and the listing of held mail
 * must not trust that remembered miss. A FolderCache of its own stands for the other process's cache.
 */
describe('m365 hold across processes', () => {
  let emu: M365Emulator;
  let t: TestTenant;
  let provider: M365Provider;
  let mb: MailboxRef;
  beforeAll(async () => {
    emu = await startM365Emulator();
    t = createTestTenant(emu, { users: 1 });
    provider = createM365Provider(t.connection);
    mb = { tenantId: t.tenant.id, provider: 'm365', mailboxId: t.users[0]!.id, address: t.users[0]!.mail };
  });
  afterAll(() => emu.close());

  it('a worker that noted "no hold folder" still releases held mail and lists it once the scheduler installed the hold', async () => {
    // two worker processes, each having looked for the hold folder before it existed
    const releasing = new FolderCache(provider.api);
    const listing = new FolderCache(provider.api);
    for (const cache of [releasing, listing]) expect(await cache.existing(mb.mailboxId, provider.settings.holdFolderName)).toBeNull();
    await provider.installHold(mb, true);
    const [a, b] = ['held a', 'held b'].map((subject) => emu.control.deliver(mb.mailboxId, mime({ to: mb.address, subject })).immutableId);
    expect(emu.control.folderOf(a!)).toBe('MailWarden Hold');
    const worker = new Remediator(provider.api, releasing, provider.settings);
    expect((await worker.apply({ mailbox: mb, messageId: a!, direction: 'inbound' }, 'hold_release')).changed).toBe(true);
    expect(emu.control.folderOf(a!)).toBe('inbox');
    const listed = await listHeldMessages(provider.api, listing, provider.settings, mb.mailboxId, new Date(Date.now() + 5_000), 10);
    expect(listed.map((m) => m.messageId)).toEqual([b]);
    await provider.installHold(mb, false);
  });
});
