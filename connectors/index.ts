import type { MailboxProvider, ProviderId } from '../src/core/provider.ts';
import { googleProviderFactory } from './google/index.ts';
import { memoryProviderFactory } from './memory/index.ts';
import { createM365Provider } from './m365/provider.ts';

/**
 * A tenant's connection as the service stores it, decrypted just before use. `settings` is provider specific
 * (client id and secret or certificate for Microsoft 365; service-account key and admin address for Google).
 * `endpoints` points the SDKs at other hosts (the local emulators in tests and demo mode).
 */
export interface TenantConnection {
  tenantId: string;
  provider: ProviderId;
  settings: Record<string, unknown>;
  endpoints?: Record<string, string>;
}

export type ProviderFactory = (connection: TenantConnection) => MailboxProvider;

/** The one registry of providers. Connectors add themselves here. */
export const PROVIDERS: Partial<Record<ProviderId, ProviderFactory>> = {
  memory: memoryProviderFactory,
  google: googleProviderFactory,
  m365: createM365Provider,
};

export function providerFor(connection: TenantConnection): MailboxProvider {
  const factory = PROVIDERS[connection.provider];
  if (!factory) throw new Error(`no connector registered for provider ${connection.provider}`);
  return factory(connection);
}
