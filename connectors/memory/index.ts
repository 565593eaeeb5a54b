import type { MailboxProvider } from '../../src/core/provider.ts';
import { createMemoryProvider } from './memory-provider.ts';
import { sharedMemoryStore } from './mail-store.ts';
import { createRemoteMemoryProvider } from './rpc-client.ts';

export { MemoryMailStore, sharedMemoryStore, type MemoryLocation } from './mail-store.ts';
export { createMemoryProvider } from './memory-provider.ts';
export { serveMemoryStore, type ServedProviderLoad } from './rpc-server.ts';

/**
 * The `memory` connector: `settings.url` names a store served by `serveMemoryStore` (shared across processes);
 * without it the process-wide store is used (development ingestion, single-process tests).
 */
export function memoryProviderFactory(connection: { tenantId: string; settings: Record<string, unknown> }): MailboxProvider {
  const url = connection.settings.url;
  if (typeof url === 'string' && url) return createRemoteMemoryProvider(url, connection.tenantId);
  return createMemoryProvider(sharedMemoryStore, connection.tenantId);
}
