import type { MailboxRef } from '../core/provider.ts';
import type { Store } from '../store/store.ts';
import type { Tenant } from '../store/tenants-repo.ts';

/**
 * Short-lived read cache of tenants and mailboxes for the workers: every job needs both, and they change
 * rarely. Changes (policy edits, a disabled mailbox) take effect within `ttlMs`.
 */
export interface Directory {
  tenant(tenantId: string): Promise<Tenant | null>;
  /** With the provider groups it belongs to (per-group policy). */
  mailbox(tenantId: string, mailboxId: string): Promise<(MailboxRef & { enabled: boolean; groups: string[] }) | null>;
}

export function createDirectory(store: Store, ttlMs = 10_000): Directory {
  const cache = new Map<string, { value: unknown; until: number }>();
  const cached = async <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value as T;
    const value = await load();
    if (cache.size > 10_000) cache.clear();
    // Misses are not cached: a mailbox onboarded a moment ago must be found by its first notification.
    if (value !== null) cache.set(key, { value, until: Date.now() + ttlMs });
    return value;
  };
  return {
    tenant: (tenantId) => cached(`t\u0000${tenantId}`, () => store.tenants.get(tenantId)),
    mailbox: (tenantId, mailboxId) => cached(`m\u0000${tenantId}\u0000${mailboxId}`, () => store.mailboxes.get(tenantId, mailboxId)),
  };
}
