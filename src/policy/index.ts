/** The policy module's public face (the admin API and the pipeline import from here). */
export { decide, stronger } from './decide.ts';
export { DEFAULT_POLICY, withDefaults } from './defaults.ts';
export { effectivePolicy, groupFor, type MailboxScope } from './resolve.ts';
export { PolicySchema, describeIssues, validatePolicy, type PolicyInput } from './schema.ts';
export { matchSender } from './sender-lists.ts';
export { factsFromModel, scanOverrides } from './scan-inputs.ts';
export { updatePolicy, POLICY_AUDIT_ACTION, type PolicyStorePort } from './versions.ts';
export * from './types.ts';
export { currentPolicy, policyStorePort } from './store-port.ts';
export { DLP_BUILTINS, DEFAULT_DLP_POLICY, type DlpAction, type DlpBuiltinId, type DlpPolicy } from './dlp-types.ts';
export { compileDlpRules, dlpActionFor, dlpScanInputs } from './dlp-compile.ts';
