/**
 * A Microsoft 365 tenant connection's settings, validated once when the provider is built: a misconfigured
 * connection refuses to start with a clear message rather than failing on the first message.
 */
import { z } from 'zod';
import { AppError } from '../../src/core/errors.ts';

const certificate = z.object({
  /** PEM private key (RSA). */
  privateKeyPem: z.string().min(1),
  /** PEM certificate registered on the app; its SHA-256 thumbprint is sent as x5t#S256. */
  certificatePem: z.string().min(1),
});

export const m365SettingsSchema = z
  .object({
    /** The app registration's client id. */
    clientId: z.string().min(1),
    /** The customer's Entra tenant id (from admin consent). */
    azureTenantId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    certificate: certificate.optional(),
    quarantineFolderName: z.string().min(1).default('MailWarden Quarantine'),
    holdFolderName: z.string().min(1).default('MailWarden Hold'),
    /** Category put on messages we released, so the notification their move causes is not scanned again. */
    releasedCategory: z.string().min(1).default('MailWarden Released'),
    /** Category added by the `tag` action when no tag is given. */
    defaultTag: z.string().min(1).default('MailWarden Suspicious'),
    /** Exchange Online allows 4 concurrent requests per app and mailbox. */
    maxConcurrentPerMailbox: z.number().int().min(1).max(4).default(4),
    /** Attempts per call when throttled or unavailable (Retry-After honoured between them). */
    maxAttempts: z.number().int().min(1).max(20).default(8),
    /** Cap on a single Retry-After wait; longer waits surface as a retryable `throttled` error. */
    maxRetryAfterMs: z.number().int().min(0).default(60_000),
    subscriptionMinutes: z.number().int().min(5).max(10_080).default(4_230),
    /** Each Graph request (headers and body) is aborted after this long and retried as a `timeout`. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  })
  .refine((s) => Boolean(s.clientSecret) !== Boolean(s.certificate), { message: 'exactly one of clientSecret or certificate is required' });

export type M365Settings = z.infer<typeof m365SettingsSchema>;

/** Where the SDKs go; defaults are the public cloud. */
export interface M365Endpoints {
  /** Authority host root, e.g. https://login.microsoftonline.com */
  authority: string;
  /** Graph root without version, e.g. https://graph.microsoft.com */
  graph: string;
  /** Exchange Online admin API root (DLP transport rules), e.g. https://outlook.office365.com */
  exchange: string;
}

export function parseM365Settings(raw: Record<string, unknown>): M365Settings {
  const parsed = m365SettingsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('config', `m365 connection settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function parseM365Endpoints(raw: Record<string, string> | undefined): M365Endpoints {
  const authority = (raw?.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const graph = (raw?.graph ?? 'https://graph.microsoft.com').replace(/\/+$/, '').replace(/\/v1\.0$/, '');
  const exchange = (raw?.exchange ?? 'https://outlook.office365.com').replace(/\/+$/, '');
  for (const u of [authority, graph, exchange]) {
    if (!u.startsWith('https://')) throw new AppError('config', `m365 endpoint ${u} must be https (MSAL and the Graph client refuse anything else)`);
  }
  return { authority, graph, exchange };
}
