/**
 * The Cloud Identity Policy API (`cloudidentity.googleapis.com/v1/policies`) through googleapis' own client:
 * list, create, patch and delete, as the customer's admin (domain-wide delegation, scope
 * `cloud-identity.policies`). Create, patch and delete answer a long-running Operation, which Google completes
 * at once for policies; one still running is reported, and the next apply picks up where it stopped.
 */
import type { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import { cloudidentity_v1 } from 'googleapis/build/src/apis/cloudidentity/v1.js';
import { AppError } from '../../src/core/errors.ts';
import { cachedDelegatedJwt } from './auth.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';
import type { GoogleEndpoints, GoogleSettings } from './settings.ts';

export const POLICY_SCOPES = ['https://www.googleapis.com/auth/cloud-identity.policies'];

export type Policy = cloudidentity_v1.Schema$Policy;

export class PolicyApi {
  private readonly ci: cloudidentity_v1.Cloudidentity;

  constructor(settings: GoogleSettings, endpoints: GoogleEndpoints, private readonly backoff: BackoffPolicy, timeoutMs = 30_000) {
    const auth = cachedDelegatedJwt(settings.serviceAccount, settings.adminEmail, POLICY_SCOPES, endpoints.tokenUrl);
    // googleapis pins an older google-auth-library; the JWT is passed through with its type widened (see clients.ts).
    this.ci = new cloudidentity_v1.Cloudidentity({ auth: auth as unknown as cloudidentity_v1.Options['auth'], rootUrl: endpoints.apiRoot, timeout: timeoutMs, retry: false });
  }

  /** Every policy matching the CEL filter, paged through. */
  async list(filter: string): Promise<Policy[]> {
    const out: Policy[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const res = await withBackoff('policies.list', () => this.ci.policies.list({ filter, pageSize: 100, ...(token ? { pageToken: token } : {}) }), this.backoff);
      out.push(...(res.data.policies ?? []));
      pageToken = res.data.nextPageToken ?? undefined;
    } while (pageToken);
    return out;
  }

  async create(policy: Policy): Promise<Policy> {
    const res = await withBackoff('policies.create', () => this.ci.policies.create({ requestBody: policy }), this.backoff);
    return done(res.data, 'policies.create');
  }

  async patch(name: string, policy: Policy): Promise<Policy> {
    const res = await withBackoff('policies.patch', () => this.ci.policies.patch({ name, requestBody: policy }), this.backoff);
    return done(res.data, 'policies.patch');
  }

  /** "Already gone" is success: deleting is what was wanted. */
  async delete(name: string): Promise<void> {
    try {
      const res = await withBackoff('policies.delete', () => this.ci.policies.delete({ name }), this.backoff);
      if (res.data.error) throw operationError(res.data, 'policies.delete');
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return;
      throw err;
    }
  }
}

function operationError(op: cloudidentity_v1.Schema$Operation, what: string): AppError {
  // google.rpc.Code: 3 INVALID_ARGUMENT, 5 NOT_FOUND, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION.
  const code = op.error?.code === 5 ? 'not_found' : op.error?.code === 7 ? 'forbidden' : op.error?.code === 3 || op.error?.code === 9 ? 'invalid_input' : 'provider_unavailable';
  return new AppError(code, `${what}: operation failed (${op.error?.message ?? `code ${op.error?.code}`})`);
}

function done(op: cloudidentity_v1.Schema$Operation, what: string): Policy {
  if (op.error) throw operationError(op, what);
  if (!op.done || !op.response) throw new AppError('provider_unavailable', `${what}: operation ${op.name ?? ''} still running; run apply again to finish`);
  return op.response as Policy;
}

/** The customer's id (`C0…`), read off any user of the Directory (the scope MailWarden already has). */
export async function customerIdOf(directory: admin_directory_v1.Admin, backoff: BackoffPolicy): Promise<string> {
  const res = await withBackoff('users.list', () => directory.users.list({ customer: 'my_customer', maxResults: 1 }), backoff);
  const id = res.data.users?.[0]?.customerId;
  if (!id) throw new AppError('config', 'google connector: cannot learn the customer id for DLP policies; set customerId in the connection settings');
  return id;
}
