import { providerFor } from '../../connectors/index.ts';
import { AppError } from '../core/errors.ts';
import type { MailboxProvider } from '../core/provider.ts';
import type { Store } from '../store/store.ts';
import type { ProviderCache } from './context.ts';

/** Builds each tenant's provider from its stored (decrypted) connection, and reuses it for `ttlMs`. */
export function createProviderCache(store: Store, ttlMs = 60_000): ProviderCache {
  const cache = new Map<string, { provider: MailboxProvider; until: number }>();
  return {
    async get(tenantId) {
      const hit = cache.get(tenantId);
      if (hit && hit.until > Date.now()) return hit.provider;
      const tenant = await store.tenants.get(tenantId);
      if (!tenant) throw new AppError('not_found', 'unknown tenant', { retryable: false });
      const provider = providerFor({ tenantId, provider: tenant.provider, settings: tenant.settings, ...(tenant.endpoints ? { endpoints: tenant.endpoints } : {}) });
      cache.set(tenantId, { provider, until: Date.now() + ttlMs });
      return provider;
    },
  };
}
