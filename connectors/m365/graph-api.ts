/**
 * Every Graph call of the connector goes through here: a token first (so Entra ID errors are classified as
 * such rather than buried inside the SDK's wrapper), then the SDK call under the mailbox gate, errors
 * classified by the error table.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { classifyGraphError } from './graph-errors.ts';
import type { MailboxGate } from './mailbox-gate.ts';
import type { TokenSource } from './msal-auth.ts';

/** The header that makes Graph return (and accept) immutable ids, which survive moves between folders. */
export const IMMUTABLE_IDS = { Prefer: 'IdType="ImmutableId"' };

export class GraphApi {
  constructor(readonly client: Client, private readonly tokens: TokenSource, readonly gate: MailboxGate) {}

  /** `key` is the mailbox id (per-mailbox limits) or '*' for tenant-wide calls. */
  call<T>(key: string, what: string, fn: (client: Client) => Promise<T>): Promise<T> {
    return this.gate.run(key, async () => {
      try {
        await this.tokens.getToken();
        return await fn(this.client);
      } catch (err) {
        const classified = classifyGraphError(err, what);
        if (classified.code !== 'unauthorized') throw classified;
        // A cached token Graph no longer accepts: ask Entra ID again, which tells revoked consent apart.
        try {
          await this.tokens.getToken(true);
        } catch (tokenErr) {
          throw classifyGraphError(tokenErr, what);
        }
        try {
          return await fn(this.client);
        } catch (again) {
          throw classifyGraphError(again, what);
        }
      }
    });
  }
}

/** Path segment for a user or message id. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
