import type { DlpRuleSpec } from '../core/provider.ts';
import type { TenantDlpRules } from '../engine/dlp/tenant-rules.ts';
import { DLP_BUILTINS, type DlpAction, type DlpBuiltinId, type DlpPolicy } from './dlp-types.ts';

/**
 * Regexes a provider can run when it has no detector of its own for a built-in kind. They must work in both
 * RE2 (Google) and .NET (Exchange transport rules): no lookbehind, no backreferences, inline `(?i)` only.
 * Coarser than the scan's validated patterns (no Luhn, no mod-97): the scan stays the precise check.
 */
export const PROVIDER_FALLBACK_REGEX: Record<DlpBuiltinId, string> = {
  DLP_PAYMENT_CARD: '\\b(?:\\d[ -]?){12,18}\\d\\b',
  DLP_IBAN: '\\b[A-Z]{2}\\d{2} ?(?:[A-Z0-9]{4} ?){2,7}[A-Z0-9]{1,4}\\b',
  DLP_US_SSN: '\\b\\d{3}-\\d{2}-\\d{4}\\b',
  DLP_UK_NINO: '\\b[A-CEGHJ-PR-TW-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b',
  DLP_AWS_ACCESS_KEY: '\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b',
  DLP_AWS_SECRET_KEY: '(?i)aws.{0,20}secret.{0,20}[:=] ?["\']?[A-Za-z0-9/+]{40}',
  DLP_PRIVATE_KEY: '-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY',
  DLP_ACCESS_TOKEN: '\\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}|xox[abprs]-[0-9A-Za-z-]{10,72}|AIza[0-9A-Za-z_-]{35}|sk_live_[0-9A-Za-z]{24,99})\\b',
  DLP_JWT: '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}',
  DLP_CONNECTION_STRING: '(?i)\\b(?:postgres(?:ql)?|mysql|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver)://[^\\s:@/]+:[^\\s@/]+@',
};

const BUILTIN_LABEL: Record<DlpBuiltinId, string> = {
  DLP_PAYMENT_CARD: 'Payment card numbers',
  DLP_IBAN: 'IBANs',
  DLP_US_SSN: 'US Social Security numbers',
  DLP_UK_NINO: 'UK National Insurance numbers',
  DLP_AWS_ACCESS_KEY: 'AWS access key ids',
  DLP_AWS_SECRET_KEY: 'AWS secret access keys',
  DLP_PRIVATE_KEY: 'Private keys',
  DLP_ACCESS_TOKEN: 'Access tokens',
  DLP_JWT: 'JSON Web Tokens',
  DLP_CONNECTION_STRING: 'Connection strings with passwords',
};

const builtinSetting = (dlp: DlpPolicy, id: DlpBuiltinId) => ({ enabled: dlp.builtins[id]?.enabled ?? true, action: dlp.builtins[id]?.action ?? ('audit' as DlpAction) });

/** Provider-side rule key for a built-in: `builtin-payment-card`. Stable, so renaming nothing moves a rule. */
export const builtinRuleName = (id: DlpBuiltinId) => `builtin-${id.slice(4).toLowerCase().replace(/_/g, '-')}`;

/**
 * The tenant's DLP policy as provider-side rules, one per policy rule (so each keeps its own action). Empty
 * when `providerRules` is off: applying that removes every rule MailWarden installed.
 */
export function compileDlpRules(dlp: DlpPolicy): DlpRuleSpec[] {
  if (!dlp.providerRules) return [];
  const out: DlpRuleSpec[] = [];
  for (const id of DLP_BUILTINS) {
    const s = builtinSetting(dlp, id);
    if (!s.enabled) continue;
    out.push({ name: builtinRuleName(id), description: BUILTIN_LABEL[id], patterns: [{ kind: 'builtin', values: [id], fallback: [PROVIDER_FALLBACK_REGEX[id]] }], action: s.action });
  }
  for (const p of dlp.patterns) {
    out.push({ name: `pattern-${p.id}`, description: p.name, patterns: [{ kind: 'regex', values: [p.regex], ...(p.minCount ? { minCount: p.minCount } : {}) }], action: p.action });
  }
  for (const w of dlp.wordLists) {
    out.push({ name: `words-${w.id}`, description: w.name, patterns: [{ kind: 'words', values: [...w.words], ...(w.minCount ? { minCount: w.minCount } : {}) }], action: w.action });
  }
  return out;
}

/** What the scan needs from the DLP policy: the tenant's own rules, and the built-ins switched off. */
export function dlpScanInputs(dlp: DlpPolicy): { rules: TenantDlpRules; disabled: string[] } {
  return {
    rules: {
      patterns: dlp.patterns.map((p) => ({ id: p.id, name: p.name, regex: p.regex, ...(p.minCount ? { minCount: p.minCount } : {}), ...(p.keywords ? { keywords: p.keywords } : {}), ...(p.proximity ? { proximity: p.proximity } : {}) })),
      wordLists: dlp.wordLists.map((w) => ({ id: w.id, name: w.name, words: w.words, ...(w.minCount ? { minCount: w.minCount } : {}), ...(w.proximity ? { proximity: w.proximity } : {}) })),
    },
    disabled: DLP_BUILTINS.filter((id) => !builtinSetting(dlp, id).enabled),
  };
}

/**
 * The action the policy asks for on a DLP finding: built-ins by rule id, tenant patterns and word lists by the
 * name the finding carries (`DLP_CUSTOM_PATTERN` / `DLP_WORD_LIST` with the rule's name as label).
 */
export function dlpActionFor(dlp: DlpPolicy, rule: string, label?: string): DlpAction | null {
  if ((DLP_BUILTINS as readonly string[]).includes(rule)) {
    const s = builtinSetting(dlp, rule as DlpBuiltinId);
    return s.enabled ? s.action : null;
  }
  if (rule === 'DLP_CUSTOM_PATTERN') return dlp.patterns.find((p) => p.name === label)?.action ?? null;
  if (rule === 'DLP_WORD_LIST') return dlp.wordLists.find((w) => w.name === label)?.action ?? null;
  return null;
}
