import type { RemediationAction } from '../core/provider.ts';
import type { Verdict, VerdictKind } from '../core/verdict.ts';

/** monitor = record what would be done and touch nothing; enforce = act. */
export type PolicyMode = 'monitor' | 'enforce';

/** What policy may ask a connector to do to a newly scanned message. */
export type PolicyAction = Extract<RemediationAction, 'quarantine' | 'junk' | 'trash' | 'purge' | 'tag'> | 'none';

/** A tenant's policy: a mode, an action per verdict kind, and the score below which nothing is done. */
export interface Policy {
  mode: PolicyMode;
  actions: Record<VerdictKind, PolicyAction>;
  /** Verdicts scoring below this take no action, whatever their kind. */
  minScore: number;
  /** Label / category name used by the `tag` action. */
  tag: string;
}

export interface Decision {
  verdict: VerdictKind;
  /** What the policy table asks for. */
  planned: PolicyAction;
  /** What will be done: `planned` in enforce mode, `none` in monitor mode. */
  action: PolicyAction;
  mode: PolicyMode;
  reason: string;
  /** Set when the action is `tag`. */
  tag?: string;
}

/** Verdict × policy → decision. Pure: no clock, no I/O, no randomness. */
export function decide(verdict: Verdict, policy: Policy): Decision {
  let planned: PolicyAction = policy.actions[verdict.verdict] ?? 'none';
  let reason = `${verdict.verdict} (score ${verdict.score}) → ${planned}`;
  if (planned !== 'none' && verdict.score < policy.minScore) {
    reason = `${verdict.verdict} score ${verdict.score} below policy minimum ${policy.minScore}`;
    planned = 'none';
  }
  const action: PolicyAction = policy.mode === 'enforce' ? planned : 'none';
  if (policy.mode === 'monitor' && planned !== 'none') reason = `monitor mode: would ${planned}; ${reason}`;
  const decision: Decision = { verdict: verdict.verdict, planned, action, mode: policy.mode, reason };
  if (planned === 'tag') decision.tag = policy.tag;
  return decision;
}
