/** Real SDK clients (MSAL + Graph) pointed at the emulator, for the emulator's own tests. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from '../../../../connectors/m365/graph-client.ts';
import { createTokenSource, type TokenSource } from '../../../../connectors/m365/msal-auth.ts';
import { parseM365Endpoints, parseM365Settings } from '../../../../connectors/m365/settings.ts';
import type { TenantConnection } from '../../../../connectors/index.ts';

export function sdkFor(connection: TenantConnection): { client: Client; tokens: TokenSource } {
  const settings = parseM365Settings(connection.settings);
  const endpoints = parseM365Endpoints(connection.endpoints);
  const tokens = createTokenSource(settings, endpoints);
  return { client: createGraphClient(tokens, endpoints), tokens };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}
