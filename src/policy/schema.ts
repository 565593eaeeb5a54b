import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { VERDICTS } from '../core/verdict.ts';
import { withDefaults } from './defaults.ts';
import { DlpPolicySchema } from './dlp-schema.ts';
import type { Policy } from './types.ts';

const ACTION = z.enum(['none', 'tag', 'junk', 'quarantine', 'trash', 'purge']);
const STEP = z.enum(['tag', 'junk', 'quarantine', 'trash', 'purge']);
const CATEGORY = z.enum(['phishing', 'bec', 'malware', 'spam', 'suspicious', 'dlp']);
const VERDICT = z.enum(VERDICTS);
const SCORE = z.number().min(0).max(1000);
const RULE_ID = z.string().regex(/^[A-Za-z0-9_.:-]{1,120}$/, 'rule ids are letters, digits and _ . : - (max 120)');
const DOMAIN = z
  .string()
  .max(253)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a domain name (like example.com)'));
const ADDRESS = z
  .string()
  .max(320)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[^\s@]+@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not an email address'));

const SenderListSchema = z.object({ addresses: z.array(ADDRESS).max(10_000).default([]), domains: z.array(DOMAIN).max(10_000).default([]) }).strict();
const partialRecord = <K extends z.ZodEnum, V extends z.ZodType>(k: K, v: V) => z.partialRecord(k, v);

const OverridesSchema = z
  .object({
    mode: z.enum(['monitor', 'enforce']).optional(),
    actions: partialRecord(VERDICT, ACTION).optional(),
    minScore: SCORE.optional(),
    tag: z.string().min(1).max(64).regex(/^[\p{L}\p{N} _.:-]+$/u, 'tag: letters, digits, space and _ . : -').optional(),
    thresholds: partialRecord(STEP, SCORE).optional(),
    categoryMinimum: partialRecord(CATEGORY, ACTION).optional(),
    allow: SenderListSchema.partial().optional(),
    block: SenderListSchema.partial().optional(),
    blockAction: ACTION.optional(),
    ruleWeights: z.record(RULE_ID, z.number().min(-100).max(100)).optional(),
    disabledRules: z.array(RULE_ID).max(5000).optional(),
    hold: z.boolean().optional(),
  })
  .strict();

/** The stored shape of a tenant policy. Every key is optional on input; defaults fill the rest. */
export const PolicySchema = OverridesSchema.extend({
  orgDomains: z.array(DOMAIN).max(1000).optional(),
  vips: z.array(z.object({ name: z.string().min(1).max(200), email: ADDRESS }).strict()).max(1000).optional(),
  rulePacks: z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'rule pack ids are lower-case slugs')).max(100).optional(),
  groups: z
    .array(z.object({ id: z.string().min(1).max(128), name: z.string().max(200).optional(), members: z.array(z.string().min(1).max(320)).min(1).max(10_000), overrides: OverridesSchema }).strict())
    .max(500)
    .optional(),
  dlp: DlpPolicySchema.optional(),
})
  .strict()
  .superRefine((p, ctx) => {
    // Thresholds must rise with severity, otherwise a milder action could never be reached.
    const order = ['tag', 'junk', 'quarantine', 'trash', 'purge'] as const;
    let last: { step: string; at: number } | null = null;
    for (const step of order) {
      const at = p.thresholds?.[step];
      if (at === undefined) continue;
      if (last && at < last.at) ctx.addIssue({ code: 'custom', path: ['thresholds', step], message: `${step} threshold ${at} is below the ${last.step} threshold ${last.at}; thresholds must rise with severity` });
      last = { step, at };
    }
    const ids = new Set<string>();
    for (const [i, g] of (p.groups ?? []).entries()) {
      if (ids.has(g.id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate group id "${g.id}"` });
      ids.add(g.id);
    }
    const blocked = new Set(p.block?.domains ?? []);
    for (const d of p.allow?.domains ?? []) if (blocked.has(d)) ctx.addIssue({ code: 'custom', path: ['allow', 'domains'], message: `"${d}" is on both the allow and the block list` });
  });

export type PolicyInput = z.input<typeof PolicySchema>;

/** One readable line per problem: `thresholds.junk: … ; groups.0.members: …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(policy)'}: ${i.message}`).join('; ');
}

/** Validates a policy written by an admin; the full policy (defaults filled in) or an `invalid_input` AppError. */
export function validatePolicy(input: unknown): Policy {
  const parsed = PolicySchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', `invalid policy: ${describeIssues(parsed.error)}`, { retryable: false });
  return withDefaults(parsed.data as Partial<Policy>);
}
