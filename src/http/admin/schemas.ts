import { z } from 'zod';
import { VERDICTS } from '../../core/verdict.ts';
import { ROLES } from '../../store/users-repo.ts';

/** Shared zod schemas of the admin API: they validate input and generate the OpenAPI document. */
export const Role = z.enum(ROLES);
export const Verdict = z.enum(VERDICTS);
const isoTime = z.iso.datetime({ offset: true });

export const TenantParams = z.object({ tenantId: z.string().min(1).max(200) });
export const MessageParams = TenantParams.extend({ messageKey: z.string().regex(/^[A-Za-z0-9:_-]{1,200}$/) });
export const MemberParams = TenantParams.extend({ userId: z.uuid() });
export const TokenParams = z.object({ tokenId: z.uuid() });

export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});

const csv = z.string().max(200).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(Verdict));

export const DetectionQuery = Paging.extend({
  q: z.string().trim().min(1).max(200).optional().describe('Text the subject or the sender address contains (case-insensitive).'),
  verdict: csv.optional().describe('Comma-separated verdicts; default: every verdict except clean.'),
  rule: z.string().regex(/^[A-Za-z0-9_.:-]{1,120}$/).optional(),
  mailbox: z.string().max(320).optional().describe('Mailbox id or address.'),
  sender: z.string().max(320).regex(/^[^\s%]+$/).optional().describe('Sender address, or a domain (also matches its subdomains).'),
  since: isoTime.optional(),
  until: isoTime.optional(),
  includeClean: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export const DetectionItem = z.object({
  messageKey: z.string(),
  mailboxId: z.string(),
  mailboxAddress: z.string().nullable(),
  messageId: z.string(),
  direction: z.string(),
  sender: z.string().nullable(),
  senderName: z.string().nullable(),
  subject: z.string().nullable(),
  verdict: z.string(),
  score: z.number(),
  categories: z.record(z.string(), z.number()),
  topFindings: z.array(z.object({ rule: z.string(), category: z.string(), score: z.number() })),
  decision: z.object({ action: z.string(), planned: z.string(), mode: z.string(), reason: z.string() }),
  scannedAt: z.string(),
  firstSeenAt: z.string(),
  actions: z.array(z.object({ action: z.string(), status: z.string(), at: z.string() })),
});
export const DetectionPage = z.object({ items: z.array(DetectionItem), nextCursor: z.string().nullable() });

export const ActionBody = z.object({
  messageKeys: z.array(MessageParams.shape.messageKey).min(1).max(100),
  reason: z.string().min(1).max(500),
});
export const ReleaseBody = ActionBody.extend({ allowSender: z.boolean().default(false) });
export const SingleActionBody = z.object({ reason: z.string().min(1).max(500), allowSender: z.boolean().default(false) });
export const ActionResults = z.object({
  results: z.array(z.object({
    messageKey: z.string(),
    /** queued: the remediate job exists; its outcome shows in the message's actions (queued → done | noop | failed). */
    status: z.enum(['released', 'queued', 'not_found', 'failed']),
    jobId: z.string().optional(),
    detail: z.string().optional(),
  })),
});

export const AuditQuery = Paging.extend({ action: z.string().max(64).optional(), target: z.string().max(200).optional() });
export const AuditPage = z.object({
  items: z.array(z.object({ id: z.string(), at: z.string(), actor: z.string(), action: z.string(), target: z.string(), reason: z.string(), detail: z.record(z.string(), z.unknown()).nullable() })),
  nextCursor: z.string().nullable(),
});

export const StatsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

export const MemberBody = z.object({
  email: z.email().max(320),
  role: Role,
  password: z.string().min(12).max(1024).optional().describe('Creates a local account when the email is new.'),
});
export const TokenBody = z.object({ name: z.string().min(1).max(80) });
export const Ok = z.object({ ok: z.literal(true) });
