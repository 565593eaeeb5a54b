import type { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import type { MailboxInfo } from '../../src/core/provider.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';

/**
 * A user's organisational unit and every unit above it (`/Finance/Payroll` → itself, `/Finance`, `/`): settings
 * for a unit apply to its sub-units in Google Workspace, and a policy group naming `/Finance` does the same.
 */
export function orgUnitAndParents(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return [...parts.map((_, i) => `/${parts.slice(0, parts.length - i).join('/')}`), '/'];
}

/** Every user of the customer (`my_customer` as the impersonated admin), paged to the end. */
export async function listUsers(directory: admin_directory_v1.Admin, backoff: BackoffPolicy): Promise<MailboxInfo[]> {
  const out: MailboxInfo[] = [];
  let pageToken: string | undefined;
  do {
    const res = await withBackoff('users.list', () => directory.users.list({ customer: 'my_customer', maxResults: 500, pageToken, orderBy: 'email' }), backoff);
    for (const u of res.data.users ?? []) {
      if (!u.primaryEmail) continue;
      out.push({
        mailboxId: u.primaryEmail.toLowerCase(),
        address: u.primaryEmail.toLowerCase(),
        displayName: u.name?.fullName ?? null,
        // Suspended and archived users are mailbox states, not errors: listed, but not protected.
        enabled: !u.suspended && !u.archived,
        groups: u.orgUnitPath ? orgUnitAndParents(u.orgUnitPath) : [],
      });
    }
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
  return out;
}
