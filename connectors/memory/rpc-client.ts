import { AppError } from '../../src/core/errors.ts';
import type { MailboxProvider } from '../../src/core/provider.ts';
import { decode, encode, wireToError, type WireError } from './wire.ts';

/** A MailboxProvider that forwards every call to a memory store served by `serveMemoryStore` in another process. */
export function createRemoteMemoryProvider(baseUrl: string, tenantId: string): MailboxProvider {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(encode({ tenantId, method, args })),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new AppError('provider_unavailable', 'memory store unreachable', { cause: err });
    }
    const body = (await res.json()) as { result?: unknown; error?: WireError };
    if (body.error) throw wireToError(body.error);
    return decode(body.result);
  };
  const method =
    <K extends keyof MailboxProvider>(name: K) =>
    (...args: unknown[]) =>
      call(name, args);
  return {
    id: 'memory',
    listMailboxes: method('listMailboxes'),
    ensureSubscription: method('ensureSubscription'),
    removeSubscription: method('removeSubscription'),
    listChanges: method('listChanges'),
    fetchRaw: method('fetchRaw'),
    remediate: method('remediate'),
    restoreRaw: method('restoreRaw'),
    installHold: method('installHold'),
    listHeld: method('listHeld'),
    syncDlpRules: method('syncDlpRules'),
    sendMail: method('sendMail'),
  } as MailboxProvider;
}
