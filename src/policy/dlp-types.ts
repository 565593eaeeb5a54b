import type { TenantPattern, TenantWordList } from '../engine/dlp/tenant-rules.ts';

/** The built-in DLP detectors a tenant can switch off or give an action (the engine's DLP rule ids). */
export const DLP_BUILTINS = [
  'DLP_PAYMENT_CARD',
  'DLP_IBAN',
  'DLP_US_SSN',
  'DLP_UK_NINO',
  'DLP_AWS_ACCESS_KEY',
  'DLP_AWS_SECRET_KEY',
  'DLP_PRIVATE_KEY',
  'DLP_ACCESS_TOKEN',
  'DLP_JWT',
  'DLP_CONNECTION_STRING',
] as const;

export type DlpBuiltinId = (typeof DLP_BUILTINS)[number];

/** block = stop the message (provider rule rejects it); notify = tell the sender; audit = record only. */
export type DlpAction = 'block' | 'notify' | 'audit';

/** A tenant's own regular expression as the engine matches it (RE2 syntax, count, keywords nearby), with its action. */
export interface DlpPatternRule extends TenantPattern {
  action: DlpAction;
}

/** A tenant's word list ("Project Falcon", "board minutes") as the engine matches it, with its action. */
export interface DlpWordListRule extends TenantWordList {
  action: DlpAction;
}

export interface DlpPolicy {
  /** Per built-in detector; a missing entry means enabled with action `audit`. */
  builtins: Partial<Record<DlpBuiltinId, { enabled: boolean; action: DlpAction }>>;
  patterns: DlpPatternRule[];
  wordLists: DlpWordListRule[];
  /** Install the rules in the provider too (`mailwarden dlp apply`); false removes the ones we installed. */
  providerRules: boolean;
  /** What an outbound incident triggers (src/pipeline/dlp-incident-actions.ts); absent or empty: recorded only. */
  incidentActions?: DlpIncidentActionName[];
}

/** alert = email the security team; notifySender = explain to the sender; removeSentCopy = purge the Sent Items copy (vault keeps one). */
export const DLP_INCIDENT_ACTION_NAMES = ['alert', 'notifySender', 'removeSentCopy'] as const;
export type DlpIncidentActionName = (typeof DLP_INCIDENT_ACTION_NAMES)[number];

export const DEFAULT_DLP_POLICY: DlpPolicy = { builtins: {}, patterns: [], wordLists: [], providerRules: true };
