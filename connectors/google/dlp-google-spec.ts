/**
 * A MailWarden DLP rule as Google Workspace policies: custom detectors (`settings/detector.regular_expression`,
 * `settings/detector.word_list`) and one Gmail DLP rule (`settings/rule.dlp`, trigger: a message is sent) whose
 * content condition refers to them. Ours carry the display-name prefix and a marker in their description.
 */
import { createHash } from 'node:crypto';
import type { DlpRuleSpec } from '../../src/core/provider.ts';

export const NAME_PREFIX = 'MailWarden DLP - ';
export const RULE_TYPE = 'settings/rule.dlp';
export const REGEX_TYPE = 'settings/detector.regular_expression';
export const WORDS_TYPE = 'settings/detector.word_list';
export const GMAIL_SEND = 'google.workspace.gmail.email.v1.send';
const MARKER = /\[mailwarden-dlp key=([A-Za-z0-9_.-]+) part=([a-z0-9-]+) v=([0-9a-f]{12})\]/;

/** Built-in kinds Google has a predefined detector for; the others run as our provider-safe regex (spec fallback). */
export const GOOGLE_PREDEFINED: Record<string, string> = {
  DLP_PAYMENT_CARD: 'CREDIT_CARD_NUMBER',
  DLP_IBAN: 'IBAN_CODE',
  DLP_US_SSN: 'US_SOCIAL_SECURITY_NUMBER',
  DLP_UK_NINO: 'UK_NATIONAL_INSURANCE_NUMBER',
  DLP_AWS_ACCESS_KEY: 'AWS_CREDENTIALS',
  DLP_AWS_SECRET_KEY: 'AWS_CREDENTIALS',
  DLP_PRIVATE_KEY: 'ENCRYPTION_KEY',
  DLP_JWT: 'JSON_WEB_TOKEN',
};

export interface DesiredDetector {
  /** `regex-0`, `words-0`: this detector's place in the rule. */
  part: string;
  type: typeof REGEX_TYPE | typeof WORDS_TYPE;
  value: Record<string, unknown>;
  hash: string;
}

export interface DesiredRule {
  key: string;
  detectors: DesiredDetector[];
  /** The rule value given the detectors' resource names (part → `policies/…`). */
  value(names: Record<string, string>): Record<string, unknown>;
  /** Hash of the rule's own settings (the condition as parts, not resource names). */
  hash: string;
  notes: string[];
}

const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);
const marker = (key: string, part: string, hash: string) => `[mailwarden-dlp key=${key} part=${part} v=${hash}]`;
const quote = (s: string) => JSON.stringify(s);

export function describedAs(text: string, key: string, part: string, hash: string): string {
  return `${text.slice(0, 300)} Managed by MailWarden: 'mailwarden dlp apply' overwrites changes. ${marker(key, part, hash)}`;
}

export function desiredGoogleRule(spec: DlpRuleSpec): DesiredRule {
  const detectors: DesiredDetector[] = [];
  const notes: string[] = [];
  const label = spec.description ?? spec.name;
  const addDetector = (kind: 'regex' | 'words', body: Record<string, unknown>) => {
    const part = `${kind}-${detectors.filter((d) => d.part.startsWith(kind)).length}`;
    const hash = hashOf(body);
    const value = { displayName: `${NAME_PREFIX}${spec.name} (${part})`.slice(0, 140), description: describedAs(`Detector for "${label}".`, spec.name, part, hash), ...body };
    detectors.push({ part, type: kind === 'regex' ? REGEX_TYPE : WORDS_TYPE, value, hash });
    return part;
  };
  // Each group becomes one OR-clause; groups are ANDed. Detector references are kept as parts until applied.
  const clauses: { kind: 'predefined' | 'regex' | 'words'; ref: string; min: number }[][] = [];
  for (const g of spec.patterns) {
    const min = g.minCount ?? 1;
    if (g.kind === 'builtin') {
      const predefined = g.values.map((v) => GOOGLE_PREDEFINED[v]);
      if (predefined.every(Boolean)) clauses.push([...new Set(predefined as string[])].map((ref) => ({ kind: 'predefined' as const, ref, min })));
      else {
        clauses.push((g.fallback ?? []).map((re) => ({ kind: 'regex' as const, ref: addDetector('regex', { regularExpression: { expression: re } }), min })));
        notes.push('matched by pattern in Gmail; validated (checksums) by the MailWarden scan');
      }
    } else if (g.kind === 'regex') {
      clauses.push(g.values.map((re) => ({ kind: 'regex' as const, ref: addDetector('regex', { regularExpression: { expression: re } }), min })));
    } else {
      clauses.push([{ kind: 'words', ref: addDetector('words', { wordList: { words: g.values } }), min }]);
    }
  }
  const condition = (names: Record<string, string>) =>
    clauses
      .map((group) => {
        const terms = group.map((c) =>
          c.kind === 'predefined'
            ? `all_content.matches_dlp_detector(${quote(c.ref)}, google.privacy.dlp.v2.Likelihood.LIKELY, {minimum_match_count: ${c.min}, minimum_unique_match_count: 1})`
            : `all_content.${c.kind === 'regex' ? 'matches_regex_detector' : 'matches_word_list'}(${quote(names[c.ref] ?? `(${c.ref})`)}, {minimum_match_count: ${c.min}})`,
        );
        return terms.length > 1 && clauses.length > 1 ? `(${terms.join(' || ')})` : terms.join(' || ');
      })
      .join(' && ');
  const params = { applyInternalMessages: false, applyExternalMessages: true };
  // Audit-only rules log the event and raise an Alert Center alert; they take no Gmail action.
  const gmailAction = spec.action === 'block' ? { blockContent: { actionParams: params } } : spec.action === 'notify' ? { warnUser: { actionParams: params } } : null;
  const severity = spec.action === 'block' ? 'HIGH' : spec.action === 'notify' ? 'MEDIUM' : 'LOW';
  const core = {
    triggers: [GMAIL_SEND],
    state: 'ACTIVE',
    ruleTypeMetadata: { dlpRuleMetadata: { alertSeverity: severity } },
    action: { alertCenterAction: {}, ...(gmailAction ? { gmailAction } : {}) },
  };
  const hash = hashOf({ core, condition: condition(Object.fromEntries(detectors.map((d) => [d.part, d.part]))) });
  return {
    key: spec.name,
    detectors,
    hash,
    notes,
    value: (names) => ({ displayName: `${NAME_PREFIX}${spec.name}`.slice(0, 140), description: describedAs(`${label}.`, spec.name, 'rule', hash), ...core, condition: { contentCondition: condition(names) } }),
  };
}

/** Ours = our display-name prefix and our marker in the description; anything else is never changed. */
export function markerOfPolicy(value: Record<string, unknown> | null | undefined): { key: string; part: string; hash: string } | null {
  const name = typeof value?.displayName === 'string' ? value.displayName : '';
  const m = typeof value?.description === 'string' ? MARKER.exec(value.description) : null;
  return name.startsWith(NAME_PREFIX) && m ? { key: m[1]!, part: m[2]!, hash: m[3]! } : null;
}
