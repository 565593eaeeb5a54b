/**
 * Findings, rule tables and verdicts: the vocabulary shared by detectors, scoring and policy.
 * Detectors report facts (findings); weights live in rule tables; policy turns a verdict into a decision.
 */

/** What kind of threat a rule points at. `suspicious` raises the score without naming a kind. */
export type ThreatCategory = 'phishing' | 'bec' | 'malware' | 'spam' | 'suspicious' | 'dlp';

export const VERDICTS = ['clean', 'spam', 'suspicious', 'phishing', 'bec', 'malware'] as const;
export type VerdictKind = (typeof VERDICTS)[number];

/** A rule's entry in a detector's table: the default weight, which a tenant may override. */
export interface RuleInfo {
  weight: number;
  category: ThreatCategory;
  description: string;
}

/** A fact a detector observed. Never an action. */
export interface Finding {
  /** SCREAMING_SNAKE rule id from the detector's table (or an MQL rule's id). */
  rule: string;
  /** 0..1, how sure the detector is; the rule's weight is multiplied by it. */
  confidence: number;
  /** What was seen, readable by an analyst. Never a secret or a full sensitive value. */
  evidence: string;
}

export interface ScoredFinding extends Finding {
  detector: string;
  category: ThreatCategory;
  score: number;
  description: string;
}

/** A detector that failed or ran out of time: recorded on the verdict, never fatal to the scan. */
export interface DetectorFailure {
  detector: string;
  error: string;
  timedOut: boolean;
}

export interface Verdict {
  verdict: VerdictKind;
  /** Total score over every finding. */
  score: number;
  /** Score per threat category. */
  categories: Partial<Record<ThreatCategory, number>>;
  findings: ScoredFinding[];
  failures: DetectorFailure[];
}
