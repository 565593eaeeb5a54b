/**
 * One rule of a pack: the Sublime-compatible YAML fields we use, and how a rule becomes a `RuleInfo`
 * (weight from severity, category from attack types and tags) under a stable SCREAMING_SNAKE id.
 */
import type { RuleInfo, ThreatCategory } from '../../core/verdict.ts';

export interface RuleSpec {
  name: string;
  source: string;
  type?: string;
  severity?: string | null;
  description?: string;
  id?: string;
  tags?: string[];
  attack_types?: string[];
  tactics_and_techniques?: string[];
  detection_methods?: string[];
}

export const SEVERITY_WEIGHTS: Record<string, number> = { low: 2, medium: 4, high: 7, critical: 9 };

/** Accepts a parsed YAML document when it has the fields a rule needs. */
export function asRuleSpec(doc: unknown): RuleSpec | string {
  if (!doc || typeof doc !== 'object') return 'not a YAML mapping';
  const d = doc as Record<string, unknown>;
  if (typeof d.name !== 'string' || !d.name) return 'missing name';
  if (typeof d.source !== 'string' || !d.source.trim()) return 'missing source';
  if (d.type !== undefined && d.type !== 'rule') return `type ${String(d.type)} is not a rule`;
  return d as unknown as RuleSpec;
}

export function categoryOf(spec: RuleSpec): ThreatCategory {
  const labels = [...(spec.attack_types ?? []), ...(spec.tags ?? [])];
  if (labels.includes('Malware/Ransomware')) return 'malware';
  if (labels.includes('BEC/Fraud')) return 'bec';
  if (labels.includes('Credential Phishing')) return 'phishing';
  if (labels.includes('Spam')) return 'spam';
  return 'suspicious';
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/**
 * `MQL_<PACK>_<NAME>`: a rule's own id when it already is SCREAMING_SNAKE, else a slug of its name (Sublime's
 * ids are UUIDs, unreadable in a verdict). The default pack's prefix is just `MQL_`.
 */
export function ruleIdOf(spec: RuleSpec, pack: string): string {
  const own = spec.id && /^[A-Z][A-Z0-9_]*$/.test(spec.id) ? spec.id : slug(spec.name).slice(0, 80);
  const prefix = pack === 'default' || pack === 'default-pack' ? 'MQL_' : `MQL_${slug(pack)}_`;
  return own.startsWith(prefix) ? own : prefix + own;
}

export function ruleInfoOf(spec: RuleSpec): RuleInfo {
  return {
    weight: SEVERITY_WEIGHTS[String(spec.severity ?? 'medium').toLowerCase()] ?? 4,
    category: categoryOf(spec),
    description: spec.name,
  };
}
