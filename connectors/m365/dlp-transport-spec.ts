/**
 * A MailWarden DLP rule as an Exchange Online transport rule (New-/Set-TransportRule parameters), and how to
 * recognise the rules MailWarden made: the name prefix plus a marker in Comments carrying the rule key and a
 * hash of the parameters we wrote.
 */
import { createHash } from 'node:crypto';
import type { DlpRuleSpec } from '../../src/core/provider.ts';

export const RULE_PREFIX = 'MailWarden DLP - ';
const MARKER = /\[mailwarden-dlp key=([A-Za-z0-9_.-]+) v=([0-9a-f]{12})\]/;

/**
 * Built-in kinds Exchange has a sensitive information type for (names as Microsoft Purview lists them). The
 * others run as our provider-safe regex (spec fallback), since Exchange's credential types do not match ours.
 */
export const EXCHANGE_SENSITIVE_TYPES: Record<string, string> = {
  DLP_PAYMENT_CARD: 'Credit Card Number',
  DLP_IBAN: 'International Banking Account Number (IBAN)',
  DLP_US_SSN: 'U.S. Social Security Number (SSN)',
  DLP_UK_NINO: 'U.K. National Insurance Number (NINO)',
};

/** The fields of a transport rule we set and compare (Comments and Name aside). */
export interface TransportRuleParams {
  FromScope: 'InOrganization';
  SentToScope: 'NotInOrganization';
  Mode: 'Enforce';
  SetAuditSeverity: 'Low' | 'Medium' | 'High';
  MessageContainsDataClassifications?: { '@odata.type': '#Exchange.GenericHashTable'; Name: string; minCount: string }[];
  SubjectOrBodyMatchesPatterns?: string[];
  SubjectOrBodyContainsWords?: string[];
  RejectMessageReasonText?: string;
  RejectMessageEnhancedStatusCode?: string;
  NotifySender?: 'NotifyOnly';
}

export interface DesiredTransportRule {
  key: string;
  name: string;
  params: TransportRuleParams;
  comments: string;
  hash: string;
  /** What Exchange cannot express and MailWarden's own scan still enforces. */
  notes: string[];
}

/** Transport rule names are at most 64 characters. */
export const ruleName = (key: string) => `${RULE_PREFIX}${key}`.slice(0, 64);

export function desiredTransportRule(spec: DlpRuleSpec): DesiredTransportRule {
  const params: TransportRuleParams = { FromScope: 'InOrganization', SentToScope: 'NotInOrganization', Mode: 'Enforce', SetAuditSeverity: spec.action === 'block' ? 'High' : spec.action === 'notify' ? 'Medium' : 'Low' };
  const notes: string[] = [];
  for (const group of spec.patterns) {
    if (group.kind === 'builtin') {
      const types = group.values.map((v) => EXCHANGE_SENSITIVE_TYPES[v]).filter((t): t is string => Boolean(t));
      if (types.length === group.values.length) {
        params.MessageContainsDataClassifications = [...(params.MessageContainsDataClassifications ?? []), ...types.map((Name) => ({ '@odata.type': '#Exchange.GenericHashTable' as const, Name, minCount: String(group.minCount ?? 1) }))];
      } else {
        params.SubjectOrBodyMatchesPatterns = [...(params.SubjectOrBodyMatchesPatterns ?? []), ...(group.fallback ?? [])];
        notes.push('matched by pattern in Exchange; validated (checksums) by the MailWarden scan');
      }
    } else if (group.kind === 'regex') {
      params.SubjectOrBodyMatchesPatterns = [...(params.SubjectOrBodyMatchesPatterns ?? []), ...group.values];
    } else {
      params.SubjectOrBodyContainsWords = [...(params.SubjectOrBodyContainsWords ?? []), ...group.values];
    }
    if ((group.minCount ?? 1) > 1 && group.kind !== 'builtin') notes.push(`count ≥ ${group.minCount} enforced by the MailWarden scan only`);
  }
  if (spec.action === 'block') {
    params.RejectMessageReasonText = `Blocked: this message contains sensitive data (${spec.description ?? spec.name}). Contact your security team.`;
    params.RejectMessageEnhancedStatusCode = '5.7.1';
  } else if (spec.action === 'notify') {
    // Exchange tells the sender only for sensitive-information-type conditions.
    if (params.MessageContainsDataClassifications) params.NotifySender = 'NotifyOnly';
    else notes.push('sender notified by MailWarden (Exchange notifies senders only for sensitive information types)');
  }
  const hash = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 12);
  const label = spec.description ? `${spec.description}. ` : '';
  const comments = `${label}Managed by MailWarden: 'mailwarden dlp apply' overwrites changes made here. [mailwarden-dlp key=${spec.name} v=${hash}]`;
  return { key: spec.name, name: ruleName(spec.name), params, comments, hash, notes };
}

/** Ours = our name prefix and our marker; anything else is never changed. */
export function markerOf(rule: Record<string, unknown>): { key: string; hash: string } | null {
  const name = typeof rule.Name === 'string' ? rule.Name : '';
  const m = typeof rule.Comments === 'string' ? MARKER.exec(rule.Comments) : null;
  return name.startsWith(RULE_PREFIX) && m ? { key: m[1]!, hash: m[2]! } : null;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/**
 * Fields an admin may have edited in the Exchange admin center since we wrote the rule. Read back as Exchange
 * returns them (scalars as strings, multi-valued as arrays); data classifications are left to the hash.
 */
export function driftOf(existing: Record<string, unknown>, want: TransportRuleParams): string[] {
  const drift: string[] = [];
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(list(existing.SubjectOrBodyMatchesPatterns), want.SubjectOrBodyMatchesPatterns ?? [])) drift.push('patterns');
  if (!same(list(existing.SubjectOrBodyContainsWords), want.SubjectOrBodyContainsWords ?? [])) drift.push('words');
  for (const k of ['FromScope', 'SentToScope', 'Mode', 'SetAuditSeverity', 'RejectMessageReasonText'] as const) {
    if (String(existing[k] ?? '') !== String(want[k] ?? '')) drift.push(k);
  }
  return drift;
}
