import type { Policy } from './types.ts';
import { validatePolicy } from './schema.ts';

/** What saving a policy needs from storage; the store (or the admin API) supplies it. */
export interface PolicyStorePort {
  load(tenantId: string): Promise<Policy | null>;
  save(tenantId: string, policy: Policy): Promise<void>;
  /** Appends one audit entry; the audit log is the policy's version history. */
  audit(entry: { tenantId: string; actor: string; action: string; target: string; reason: string; detail: Record<string, unknown> }): Promise<void>;
  /** How many policy versions were recorded before (the new one is that + 1). */
  versionCount(tenantId: string): Promise<number>;
}

export const POLICY_AUDIT_ACTION = 'policy.update';

/**
 * Validate → save → audit with the whole before/after and a version number. Throws `invalid_input` with every
 * problem named when the input is wrong; nothing is saved then.
 */
export async function updatePolicy(port: PolicyStorePort, tenantId: string, input: unknown, actor: string, reason = 'policy edited'): Promise<{ policy: Policy; version: number }> {
  const policy = validatePolicy(input);
  const previous = await port.load(tenantId);
  await port.save(tenantId, policy);
  const version = (await port.versionCount(tenantId)) + 1;
  await port.audit({ tenantId, actor, action: POLICY_AUDIT_ACTION, target: `tenant:${tenantId}:policy`, reason, detail: { version, previous, policy } });
  return { policy, version };
}
