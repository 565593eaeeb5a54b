import { RE2JS } from 're2js';
import { z } from 'zod';
import { DLP_BUILTINS, DLP_INCIDENT_ACTION_NAMES } from './dlp-types.ts';

const DLP_ACTION = z.enum(['block', 'notify', 'audit']);
const ID = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'ids are lower-case letters, digits, _ and - (max 40)');
const NAME = z.string().trim().min(1).max(100);
const COUNT = z.number().int().min(1).max(1000);
const PROXIMITY = z.number().int().min(1).max(5000);

/** RE2 syntax (linear time): the same engine the scan runs, so a pattern that saves is a pattern that scans. */
const RE2_REGEX = z
  .string()
  .min(1)
  .max(1000)
  .superRefine((source, ctx) => {
    try {
      const re = RE2JS.compile(source);
      if (re.matcher('').find()) ctx.addIssue({ code: 'custom', message: 'matches the empty string, so it would match every message' });
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a valid RE2 regular expression: ${err instanceof Error ? err.message : String(err)}` });
    }
  });

const BuiltinSchema = z.object({ enabled: z.boolean().default(true), action: DLP_ACTION.default('audit') }).strict();

const PatternSchema = z
  .object({
    id: ID,
    name: NAME,
    regex: RE2_REGEX,
    minCount: COUNT.optional(),
    keywords: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    proximity: PROXIMITY.optional(),
    action: DLP_ACTION.default('audit'),
  })
  .strict();

const WordListSchema = z
  .object({
    id: ID,
    name: NAME,
    // Google's word-list detector takes at most 950 words.
    words: z.array(z.string().trim().min(1).max(100)).min(1).max(950),
    minCount: COUNT.optional(),
    proximity: PROXIMITY.optional(),
    action: DLP_ACTION.default('audit'),
  })
  .strict();

/**
 * The `dlp` section of a tenant policy: which built-in detectors run and what a hit asks for, the tenant's own
 * patterns and word lists, and whether they are also installed as provider-side rules (`mailwarden dlp apply`).
 */
export const DlpPolicySchema = z
  .object({
    builtins: z.partialRecord(z.enum(DLP_BUILTINS), BuiltinSchema).optional(),
    patterns: z.array(PatternSchema).max(200).optional(),
    wordLists: z.array(WordListSchema).max(200).optional(),
    providerRules: z.boolean().optional(),
    incidentActions: z.array(z.enum(DLP_INCIDENT_ACTION_NAMES)).max(3).refine((a) => new Set(a).size === a.length, 'each incident action once').optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (const key of ['patterns', 'wordLists'] as const) {
      const seen = new Set<string>();
      for (const [i, r] of (d[key] ?? []).entries()) {
        if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate id "${r.id}"` });
        seen.add(r.id);
      }
      // Findings name the rule they matched; two rules with one name could not be told apart.
      const names = new Set<string>();
      for (const [i, r] of (d[key] ?? []).entries()) {
        if (names.has(r.name.toLowerCase())) ctx.addIssue({ code: 'custom', path: [key, i, 'name'], message: `duplicate name "${r.name}"` });
        names.add(r.name.toLowerCase());
      }
    }
    for (const [i, p] of (d.patterns ?? []).entries()) {
      if (p.proximity !== undefined && !p.keywords?.length) ctx.addIssue({ code: 'custom', path: ['patterns', i, 'proximity'], message: 'proximity needs keywords to be near' });
    }
  });
