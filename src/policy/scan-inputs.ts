import type { MessageModel } from '../core/message.ts';
import type { MessageFacts, Policy } from './types.ts';

/**
 * Sender facts for decide(): the From address and whether it authenticated. DMARC decides when it was stamped;
 * otherwise a DKIM or SPF pass counts (the allow list must never honour an unauthenticated claim).
 */
export function factsFromModel(model: MessageModel): MessageFacts {
  const auth = model.headers?.auth_summary;
  const dmarc = auth?.dmarc?.pass;
  const authenticated = dmarc === true || (dmarc == null && (auth?.dkim?.pass === true || auth?.spf?.pass === true));
  return { senderEmail: model.sender?.email?.email ?? null, authenticated };
}

/** The policy's per-rule weights and disabled rules in the engine's override shape. */
export function scanOverrides(policy: Policy): { weights: Record<string, number>; disabled: string[] } {
  return { weights: { ...policy.ruleWeights }, disabled: [...policy.disabledRules] };
}
