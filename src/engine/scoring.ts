import type { RuleInfo, ScoredFinding, ThreatCategory, Verdict, VerdictKind, DetectorFailure } from '../core/verdict.ts';
import type { DetectorOutput } from './run-detectors.ts';

/** Per-tenant changes to the rule tables: new weights, and rules switched off. */
export interface WeightOverrides {
  weights?: Record<string, number>;
  disabled?: string[];
}

/**
 * Score at or above which a category names the verdict. A message with several categories over their
 * threshold takes the most severe, in the order of VERDICT_PRECEDENCE.
 */
export interface VerdictThresholds {
  malware: number;
  bec: number;
  phishing: number;
  spam: number;
  /** Total score (every category) at or above which an otherwise clean message is suspicious. */
  suspicious: number;
}

export const DEFAULT_THRESHOLDS: VerdictThresholds = { malware: 8, bec: 7, phishing: 7, spam: 6, suspicious: 4 };

/** The same order as `String#localeCompare`, without building a collator on every call (a scan hot spot). */
const RULE_ORDER = new Intl.Collator();

const VERDICT_PRECEDENCE: readonly Exclude<VerdictKind, 'clean' | 'suspicious'>[] = ['malware', 'bec', 'phishing', 'spam'];

/** Turns detector output into a verdict: findings × weights → category scores → the verdict kind. Pure. */
export function scoreFindings(
  outputs: readonly DetectorOutput[],
  failures: DetectorFailure[],
  overrides: WeightOverrides = {},
  thresholds: VerdictThresholds = DEFAULT_THRESHOLDS,
): Verdict {
  const disabled = new Set(overrides.disabled ?? []);
  const findings: ScoredFinding[] = [];
  for (const { detector, findings: raw } of outputs) {
    for (const f of raw) {
      if (disabled.has(f.rule)) continue;
      const info: RuleInfo = detector.rules[f.rule]!;
      const weight = overrides.weights?.[f.rule] ?? info.weight;
      const confidence = Math.min(1, Math.max(0, f.confidence));
      findings.push({ ...f, confidence, detector: detector.id, category: info.category, description: info.description, score: round(weight * confidence) });
    }
  }
  findings.sort((a, b) => b.score - a.score || RULE_ORDER.compare(a.rule, b.rule));
  const categories: Partial<Record<ThreatCategory, number>> = {};
  let total = 0;
  for (const f of findings) {
    categories[f.category] = round((categories[f.category] ?? 0) + f.score);
    total += f.score;
  }
  return { verdict: pickVerdict(categories, round(total), thresholds), score: round(total), categories, findings, failures };
}

/**
 * `suspicious` findings support whichever threat the message otherwise leans to, so a phishing lure with
 * several generic red flags still reaches the phishing threshold.
 */
function pickVerdict(categories: Partial<Record<ThreatCategory, number>>, total: number, t: VerdictThresholds): VerdictKind {
  const support = categories.suspicious ?? 0;
  for (const kind of VERDICT_PRECEDENCE) {
    const own = categories[kind] ?? 0;
    if (own > 0 && own + support >= t[kind]) return kind;
  }
  if (total - (categories.dlp ?? 0) >= t.suspicious) return 'suspicious';
  return 'clean';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
