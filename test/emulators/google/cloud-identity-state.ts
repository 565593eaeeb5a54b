/**
 * Cloud Identity policies of the emulated customers: DLP rules and custom detectors, with the checks the Policy
 * API makes on mutation (setting types open to mutation, RE2 expressions, word-list limits, a rule's required
 * metadata and alert action, detectors a condition names must exist, a detector in use cannot be deleted).
 */
import { randomBytes } from 'node:crypto';
import { RE2JS } from 're2js';
import { errors } from './google-errors.ts';

export interface StoredPolicy {
  name: string;
  customer: string;
  policyQuery: { orgUnit: string; query: string; sortOrder: number };
  setting: { type: string; value: Record<string, unknown> };
  type: 'ADMIN' | 'SYSTEM';
}

export const MUTABLE_TYPES = new Set(['settings/rule.dlp', 'settings/detector.regular_expression', 'settings/detector.word_list', 'settings/detector.url_list']);
const TRIGGERS = new Set(['google.workspace.gmail.email.v1.send', 'google.workspace.gmail.email.v1.receive', 'google.workspace.drive.file.v1.share', 'google.workspace.chat.message.v1.send']);
/** A few of the predefined detectors `matches_dlp_detector` accepts. */
export const PREDEFINED = new Set(['CREDIT_CARD_NUMBER', 'IBAN_CODE', 'US_SOCIAL_SECURITY_NUMBER', 'UK_NATIONAL_INSURANCE_NUMBER', 'AWS_CREDENTIALS', 'ENCRYPTION_KEY', 'JSON_WEB_TOKEN', 'GCP_API_KEY', 'PASSWORD']);
const FUNCTIONS: Record<string, string | null> = { matches_dlp_detector: null, matches_regex_detector: 'settings/detector.regular_expression', matches_word_list: 'settings/detector.word_list', matches_url_list: 'settings/detector.url_list' };

export class CloudIdentityPolicies {
  readonly policies = new Map<string, StoredPolicy>();
  private readonly rootOrgUnits = new Map<string, string>();
  private order = 0;

  rootOrgUnit(customerId: string): string {
    let ou = this.rootOrgUnits.get(customerId);
    if (!ou) this.rootOrgUnits.set(customerId, (ou = `orgUnits/03ph8a2z${randomBytes(3).toString('hex')}`));
    return ou;
  }

  forCustomer(customerId: string): StoredPolicy[] {
    return [...this.policies.values()].filter((p) => p.customer === `customers/${customerId}`);
  }

  create(customerId: string, body: Record<string, unknown>): StoredPolicy {
    const setting = (body.setting ?? {}) as { type?: unknown; value?: unknown };
    const type = String(setting.type ?? '');
    if (!MUTABLE_TYPES.has(type)) throw errors.invalidArgument(`Setting type ${type || '(none)'} is not supported for mutation.`);
    const value = (setting.value ?? {}) as Record<string, unknown>;
    this.check(customerId, type, value);
    const query = (body.policyQuery ?? {}) as { orgUnit?: unknown };
    const orgUnit = typeof query.orgUnit === 'string' && query.orgUnit ? query.orgUnit : this.rootOrgUnit(customerId);
    if (!/^orgUnits\/[A-Za-z0-9]+$/.test(orgUnit)) throw errors.invalidArgument('Invalid policy_query.org_unit.');
    const policy: StoredPolicy = {
      name: `policies/${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`,
      customer: `customers/${customerId}`,
      policyQuery: { orgUnit, query: `entity.org_units.exists(org_unit, org_unit.org_unit_id == orgUnitId('${orgUnit.slice(9)}'))`, sortOrder: ++this.order },
      setting: { type, value: structuredClone(value) },
      type: 'ADMIN',
    };
    this.policies.set(policy.name, policy);
    return policy;
  }

  patch(customerId: string, name: string, body: Record<string, unknown>): StoredPolicy {
    const policy = this.own(customerId, name);
    const setting = (body.setting ?? {}) as { type?: unknown; value?: unknown };
    if (setting.type !== undefined && setting.type !== policy.setting.type) throw errors.invalidArgument('setting.type is immutable.');
    if (body.customer !== undefined && body.customer !== policy.customer && body.customer !== 'customers/my_customer') throw errors.invalidArgument('customer is immutable.');
    if (setting.value !== undefined) {
      const value = setting.value as Record<string, unknown>;
      this.check(customerId, policy.setting.type, value);
      policy.setting.value = structuredClone(value);
    }
    return policy;
  }

  delete(customerId: string, name: string): void {
    const policy = this.own(customerId, name);
    if (policy.setting.type !== 'settings/rule.dlp') {
      const user = this.forCustomer(customerId).find((p) => p.setting.type === 'settings/rule.dlp' && String((p.setting.value.condition as { contentCondition?: string } | undefined)?.contentCondition ?? '').includes(`"${name}"`));
      if (user) throw errors.failedPrecondition(`Detector ${name} is used by rule ${user.name} and cannot be deleted.`);
    }
    this.policies.delete(name);
  }

  own(customerId: string, name: string): StoredPolicy {
    const policy = this.policies.get(name);
    if (!policy || policy.customer !== `customers/${customerId}`) throw errors.notFound(`Policy ${name} not found.`);
    return policy;
  }

  private check(customerId: string, type: string, value: Record<string, unknown>): void {
    const displayName = value.displayName;
    if (typeof displayName !== 'string' || !displayName.trim() || displayName.length > 140) throw errors.invalidArgument('displayName is required and at most 140 characters.');
    if (value.description !== undefined && (typeof value.description !== 'string' || value.description.length > 500)) throw errors.invalidArgument('description is at most 500 characters.');
    if (type === 'settings/detector.regular_expression') {
      const expression = (value.regularExpression as { expression?: unknown } | undefined)?.expression;
      if (typeof expression !== 'string' || !expression) throw errors.invalidArgument('regularExpression.expression is required.');
      try {
        RE2JS.compile(expression);
      } catch {
        throw errors.invalidArgument(`Invalid regular expression: ${expression}`);
      }
    } else if (type === 'settings/detector.word_list') {
      const words = (value.wordList as { words?: unknown } | undefined)?.words;
      if (!Array.isArray(words) || words.length === 0 || words.length > 950 || words.some((w) => typeof w !== 'string' || !w)) throw errors.invalidArgument('wordList.words must hold 1 to 950 words.');
      if (words.join('').length > 12_500) throw errors.invalidArgument('wordList.words exceeds 12500 characters.');
    } else if (type === 'settings/rule.dlp') {
      this.checkRule(customerId, value);
    }
  }

  private checkRule(customerId: string, value: Record<string, unknown>): void {
    // Google answers a rule missing its alert metadata or alert action with a bare INVALID_ARGUMENT.
    const severity = (value.ruleTypeMetadata as { dlpRuleMetadata?: { alertSeverity?: unknown } } | undefined)?.dlpRuleMetadata?.alertSeverity;
    const action = (value.action ?? {}) as Record<string, unknown>;
    if (!['LOW', 'MEDIUM', 'HIGH'].includes(String(severity)) || typeof action.alertCenterAction !== 'object') throw errors.invalidArgument('Request contains an invalid argument.');
    const triggers = value.triggers;
    if (!Array.isArray(triggers) || triggers.length === 0 || triggers.some((t) => !TRIGGERS.has(String(t)))) throw errors.invalidArgument('triggers must name supported triggers.');
    if (!['ACTIVE', 'INACTIVE'].includes(String(value.state))) throw errors.invalidArgument('state must be ACTIVE or INACTIVE.');
    const gmail = action.gmailAction as Record<string, unknown> | undefined;
    if (gmail !== undefined && (Object.keys(gmail).length !== 1 || !['blockContent', 'warnUser'].includes(Object.keys(gmail)[0]!))) throw errors.invalidArgument('gmailAction must be one of blockContent, warnUser.');
    const condition = (value.condition as { contentCondition?: unknown } | undefined)?.contentCondition;
    if (typeof condition !== 'string' || !condition.trim()) throw errors.invalidArgument('condition.contentCondition is required.');
    const calls = [...condition.matchAll(/all_content\.(\w+)\("([^"]*)"/g)];
    if (calls.length === 0) throw errors.invalidArgument(`Failed to parse condition: ${condition}`);
    for (const [, fn, arg] of calls) {
      if (!(fn! in FUNCTIONS)) throw errors.invalidArgument(`Unknown function ${fn} in condition.`);
      const wants = FUNCTIONS[fn!];
      if (wants === null) {
        if (!PREDEFINED.has(arg!)) throw errors.invalidArgument(`Unknown predefined detector ${arg}.`);
      } else {
        const detector = this.policies.get(arg!);
        if (!detector || detector.customer !== `customers/${customerId}` || detector.setting.type !== wants) throw errors.invalidArgument(`Detector ${arg} not found.`);
      }
    }
  }
}
