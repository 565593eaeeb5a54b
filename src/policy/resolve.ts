import type { Policy, PolicyGroup } from './types.ts';

/** Where a mailbox sits: its address and the provider groups it belongs to. */
export interface MailboxScope {
  address: string;
  groupIds?: readonly string[];
}

/** The first group (in policy order) naming this mailbox or one of its provider groups, if any. */
export function groupFor(policy: Policy, scope: MailboxScope): PolicyGroup | null {
  const keys = new Set([scope.address.toLowerCase(), ...(scope.groupIds ?? [])]);
  return policy.groups.find((g) => g.members.some((m) => keys.has(m) || keys.has(m.toLowerCase()))) ?? null;
}

/**
 * The policy that applies to one mailbox: the tenant policy with its group's overrides on top. Maps merge key
 * by key; allow/block entries and disabled rules add to the tenant's. Pure.
 */
export function effectivePolicy(policy: Policy, scope: MailboxScope): Policy {
  const group = groupFor(policy, scope);
  if (!group) return policy;
  const o = group.overrides;
  return {
    ...policy,
    mode: o.mode ?? policy.mode,
    hold: o.hold ?? policy.hold,
    minScore: o.minScore ?? policy.minScore,
    tag: o.tag ?? policy.tag,
    blockAction: o.blockAction ?? policy.blockAction,
    actions: { ...policy.actions, ...o.actions },
    thresholds: { ...policy.thresholds, ...o.thresholds },
    categoryMinimum: { ...policy.categoryMinimum, ...o.categoryMinimum },
    allow: { addresses: [...policy.allow.addresses, ...(o.allow?.addresses ?? [])], domains: [...policy.allow.domains, ...(o.allow?.domains ?? [])] },
    block: { addresses: [...policy.block.addresses, ...(o.block?.addresses ?? [])], domains: [...policy.block.domains, ...(o.block?.domains ?? [])] },
    ruleWeights: { ...policy.ruleWeights, ...o.ruleWeights },
    disabledRules: [...policy.disabledRules, ...(o.disabledRules ?? [])],
  };
}
