import type { ThreatCategory, Verdict } from '../core/verdict.ts';
import { matchSender } from './sender-lists.ts';
import { ACTION_SEVERITY, type Decision, type MessageFacts, type Policy, type PolicyAction } from './types.ts';

export type { Decision, MessageFacts, Policy, PolicyAction, PolicyMode } from './types.ts';

const rank = (a: PolicyAction): number => ACTION_SEVERITY.indexOf(a);

/** The more severe of two actions. */
export function stronger(a: PolicyAction, b: PolicyAction): PolicyAction {
  return rank(b) > rank(a) ? b : a;
}

/**
 * Verdict × policy (× sender facts) → decision. Pure: no clock, no I/O, no randomness. Order of reasoning:
 * 1. the verdict table (unless the score is under `minScore`), raised by any score threshold reached;
 * 2. an allow entry clears that — only when the message authenticated, so a spoofed allowed sender gains nothing;
 * 3. category minimums and block entries raise the action whatever the score and whatever the allow list.
 * Monitor mode plans the same and does nothing.
 */
export function decide(verdict: Verdict, policy: Policy, facts: MessageFacts = {}): Decision {
  const why: string[] = [];
  let planned: PolicyAction = policy.actions[verdict.verdict] ?? 'none';
  if (planned !== 'none' && verdict.score < policy.minScore) {
    why.push(`${verdict.verdict} score ${verdict.score} below policy minimum ${policy.minScore}`);
    planned = 'none';
  } else {
    why.push(`${verdict.verdict} (score ${verdict.score}) → ${planned}`);
  }
  for (const [action, at] of Object.entries(policy.thresholds) as [PolicyAction, number | undefined][]) {
    if (at !== undefined && verdict.score >= at && rank(action) > rank(planned)) {
      planned = action;
      why.push(`score ${verdict.score} ≥ ${action} threshold ${at}`);
    }
  }

  const allowed = matchSender(policy.allow, facts.senderEmail);
  if (allowed && facts.authenticated === true) {
    if (planned !== 'none') why.push(`allow list (${allowed}, authenticated) → none`);
    planned = 'none';
  } else if (allowed) {
    why.push(`allow entry ${allowed} ignored: sender not authenticated`);
  }

  for (const [category, min] of Object.entries(policy.categoryMinimum) as [ThreatCategory, PolicyAction | undefined][]) {
    const hit = verdict.verdict === category || (verdict.categories[category] ?? 0) > 0;
    if (hit && min && rank(min) > rank(planned)) {
      planned = min;
      why.push(`${category} minimum → ${min}`);
    }
  }
  const blocked = matchSender(policy.block, facts.senderEmail);
  if (blocked && rank(policy.blockAction) > rank(planned)) {
    planned = policy.blockAction;
    why.push(`block list (${blocked}) → ${planned}`);
  }

  const action: PolicyAction = policy.mode === 'enforce' ? planned : 'none';
  let reason = why.join('; ');
  if (policy.mode === 'monitor' && planned !== 'none') reason = `monitor mode: would ${planned}; ${reason}`;
  const decision: Decision = { verdict: verdict.verdict, planned, action, mode: policy.mode, reason };
  if (planned === 'tag') decision.tag = policy.tag;
  return decision;
}
