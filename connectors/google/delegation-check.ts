import { AppError } from '../../src/core/errors.ts';
import { DIRECTORY_SCOPES, MAILBOX_SCOPES } from './auth.ts';
import type { GoogleClients } from './clients.ts';
import { toAppError } from './google-errors.ts';

/** Every scope the customer must grant MailWarden's client id in Admin console → API controls. */
export const REQUIRED_SCOPES = [...MAILBOX_SCOPES, ...DIRECTORY_SCOPES];

/**
 * Asks Google for a token as the admin, one scope at a time, so the onboarding page can say exactly which
 * grants are missing (a token request for several scopes fails as a whole with `unauthorized_client`).
 * An unknown admin address is `mailbox_unavailable`; anything else is thrown as classified.
 */
export async function missingScopes(clients: GoogleClients, adminEmail: string): Promise<string[]> {
  const results = await Promise.all(REQUIRED_SCOPES.map(async (scope) => {
    try {
      await clients.probe(adminEmail, [scope]).authorize();
      return null;
    } catch (err) {
      const e = toAppError(err, 'delegation check');
      if (e.code === 'consent_revoked') return scope;
      throw e;
    }
  }));
  return results.filter((s): s is string => s !== null);
}

export function assertAdminOfDomain(adminEmail: string, domain: string): void {
  if (adminEmail.split('@')[1]?.toLowerCase() !== domain.toLowerCase()) {
    throw new AppError('invalid_input', 'the admin address must belong to the customer domain');
  }
}
