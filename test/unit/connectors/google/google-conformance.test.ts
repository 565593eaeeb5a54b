import { providerFor } from '../../../../connectors/index.ts';
import { describeProviderConformance, type ConformanceLocation } from '../../../conformance/provider-conformance.ts';
import { startGoogleWorld } from '../../../emulators/google/google-world.ts';

// The shared suite, through the registry ('google'), googleapis and google-auth-library, against the emulator.
describeProviderConformance('google (Gmail emulator)', async () => {
  const w = await startGoogleWorld({ userCount: 1 });
  w.emu.quota.unitsPerSecond = 1_000_000;
  const address = w.users[1];
  const mb = w.emu.mailbox(address);
  const labelId = (name: string) => mb.labels.list().find((l) => l.name === name)?.id;
  return {
    provider: providerFor(w.connection),
    mailbox: w.ref(address),
    deliver: async (raw) => w.emu.deliver([address], Buffer.from(raw))[address],
    location: async (id): Promise<ConformanceLocation> => {
      const m = mb.messages.get(id);
      if (!m) return 'gone';
      if (m.labelIds.has('TRASH')) return 'trash';
      if (m.labelIds.has('SPAM')) return 'junk';
      const q = labelId('MailWarden/Quarantine');
      if (q && m.labelIds.has(q)) return 'quarantine';
      const hold = labelId('MailWarden/Hold');
      if (hold && m.labelIds.has(hold)) return 'hold';
      if (m.labelIds.has('INBOX')) return 'inbox';
      throw new Error(`message ${id} has no recognisable place: ${[...m.labelIds].join(',')}`);
    },
    close: () => w.emu.close(),
  };
});
