import { describeProviderConformance, type ConformanceLocation } from '../../../conformance/provider-conformance.ts';
import { createM365Provider } from '../../../../connectors/m365/provider.ts';
import { startM365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant } from '../../../emulators/m365/test-tenant.ts';

const LOCATIONS: Record<string, ConformanceLocation> = {
  inbox: 'inbox',
  junkemail: 'junk',
  deleteditems: 'trash',
  'MailWarden Quarantine': 'quarantine',
  'MailWarden Hold': 'hold',
};

describeProviderConformance('m365 (Graph emulator over HTTPS, real SDKs)', async () => {
  const emu = await startM365Emulator();
  const t = createTestTenant(emu, { users: 1 });
  const user = t.users[0];
  const provider = createM365Provider(t.connection);
  return {
    provider,
    mailbox: { tenantId: t.tenant.id, provider: 'm365', mailboxId: user.id, address: user.mail },
    deliver: async (raw) => emu.control.deliver(user.id, Buffer.from(raw)).immutableId,
    location: async (id) => {
      const where = emu.control.folderOf(emu.store.resolveMessage(user.id, id)?.immutableId ?? id);
      if (where === null) return 'gone';
      const loc = LOCATIONS[where];
      if (!loc) throw new Error(`message in unexpected folder ${where}`);
      return loc;
    },
    close: () => emu.close(),
  };
});
