import { AppError } from '../../src/core/errors.ts';

/**
 * A Google Workspace tenant's connection settings (TenantConnection.settings for provider 'google'). The
 * service-account key is the JSON key of MailWarden's own service account, to which the customer's admin
 * granted domain-wide delegation on install.
 */
export interface GoogleSettings {
  serviceAccount: { client_email: string; private_key: string };
  /** A super admin of the customer, impersonated for Directory calls. */
  adminEmail: string;
  domain: string;
  /** projects/<project>/topics/<topic>; Gmail publishes `{emailAddress, historyId}` there. */
  topicName: string;
  quarantineLabel: string;
  holdLabel: string;
  /** The mailbox alert mail is sent as (defaults to the admin). */
  alertSender: string;
  /** Each Gmail / Directory request is aborted after this long and retried as a `timeout` (default 30 s). */
  requestTimeoutMs: number;
  /** Workspace customer id (`C0…`) for DLP policies; looked up through the Directory when absent. */
  customerId?: string;
  /** Organisational unit id the DLP rules apply to; absent = the top organisational unit. */
  dlpOrgUnitId?: string;
}

/** Where the SDKs go: Google by default, the local emulator in tests and demo mode. */
export interface GoogleEndpoints {
  /** rootUrl for the Gmail and Admin SDK clients, ending in '/'. */
  apiRoot?: string;
  /** Replaces https://oauth2.googleapis.com/token for JWT-bearer grants. */
  tokenUrl?: string;
}

function requestTimeout(v: unknown): number {
  if (v === undefined) return 30_000;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 100 || v > 600_000) throw new AppError('config', 'google connector: requestTimeoutMs must be an integer from 100 to 600000');
  return v;
}

export function parseGoogleSettings(raw: Record<string, unknown>): GoogleSettings {
  const sa = raw.serviceAccount as Record<string, unknown> | undefined;
  const str = (v: unknown, name: string): string => {
    if (typeof v !== 'string' || !v) throw new AppError('config', `google connector: missing ${name}`);
    return v;
  };
  const adminEmail = str(raw.adminEmail, 'adminEmail').toLowerCase();
  const topicName = str(raw.topicName, 'topicName');
  if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(topicName)) throw new AppError('config', 'google connector: topicName must be projects/<p>/topics/<t>');
  return {
    serviceAccount: { client_email: str(sa?.client_email, 'serviceAccount.client_email'), private_key: str(sa?.private_key, 'serviceAccount.private_key') },
    adminEmail,
    domain: typeof raw.domain === 'string' && raw.domain ? raw.domain.toLowerCase() : adminEmail.split('@')[1],
    topicName,
    quarantineLabel: typeof raw.quarantineLabel === 'string' ? raw.quarantineLabel : 'MailWarden/Quarantine',
    holdLabel: typeof raw.holdLabel === 'string' ? raw.holdLabel : 'MailWarden/Hold',
    alertSender: typeof raw.alertSender === 'string' ? raw.alertSender.toLowerCase() : adminEmail,
    requestTimeoutMs: requestTimeout(raw.requestTimeoutMs),
    ...(typeof raw.customerId === 'string' && /^C[0-9a-z]+$/i.test(raw.customerId) ? { customerId: raw.customerId } : {}),
    ...(typeof raw.dlpOrgUnitId === 'string' && raw.dlpOrgUnitId ? { dlpOrgUnitId: raw.dlpOrgUnitId.replace(/^orgUnits\//, '') } : {}),
  };
}
