import { MemoryMailStore, createMemoryProvider, serveMemoryStore } from '../../../../connectors/memory/index.ts';
import { memoryProviderFactory } from '../../../../connectors/memory/index.ts';
import { describeProviderConformance } from '../../../conformance/provider-conformance.ts';

const mailbox = { tenantId: 't1', provider: 'memory' as const, mailboxId: 'u1', address: 'user@example.com' };

describeProviderConformance('memory (in-process)', async () => {
  const store = new MemoryMailStore();
  store.addMailbox('t1', 'u1', 'user@example.com');
  return {
    provider: createMemoryProvider(store, 't1'),
    mailbox,
    deliver: async (raw) => store.deliver('t1', 'u1', raw),
    location: async (id) => store.location('t1', 'u1', id),
    close: async () => {},
  };
});

describeProviderConformance('memory (over RPC)', async () => {
  const store = new MemoryMailStore();
  store.addMailbox('t1', 'u1', 'user@example.com');
  const served = await serveMemoryStore(store);
  return {
    provider: memoryProviderFactory({ tenantId: 't1', settings: { url: served.url } }),
    mailbox,
    deliver: async (raw) => store.deliver('t1', 'u1', raw),
    location: async (id) => store.location('t1', 'u1', id),
    close: () => served.close(),
  };
});
