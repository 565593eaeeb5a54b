/**
 * Transport rules of the emulated Exchange Online organisations and the cmdlets that manage them
 * (Get-/New-/Set-/Remove-TransportRule), with the parameter checks Exchange makes. Failures throw
 * {@link CmdletError}, which the admin API wraps in its error envelope.
 */
import { randomUUID } from 'node:crypto';

export class CmdletError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly exceptionType: string,
    message: string,
  ) {
    super(message);
  }
}

const NS = 'Microsoft.Exchange.Configuration.Tasks';
const notFound = (id: string) => new CmdletError(404, 'NotFound', `${NS}.ManagementObjectNotFoundException`, `The operation couldn't be performed because object '${id}' couldn't be found on 'AM0PR01A001DC01.EURPR01A001.PROD.OUTLOOK.COM'.`);
const invalid = (message: string) => new CmdletError(400, 'BadRequest', 'Microsoft.Exchange.MessagingPolicies.Rules.Tasks.ArgumentException', message);

/** Sensitive information types the emulated tenant knows (a few of Purview's built-in ones). */
export const SENSITIVE_TYPES = new Set([
  'Credit Card Number',
  'International Banking Account Number (IBAN)',
  'U.S. Social Security Number (SSN)',
  'U.K. National Insurance Number (NINO)',
  'EU Debit Card Number',
]);

/** Parameters New-/Set-TransportRule accept here (the ones MailWarden uses, plus what admins commonly set). */
const SETTABLE = new Set([
  'Name', 'Comments', 'FromScope', 'SentToScope', 'Mode', 'SetAuditSeverity', 'MessageContainsDataClassifications', 'SubjectOrBodyMatchesPatterns',
  'SubjectOrBodyContainsWords', 'RejectMessageReasonText', 'RejectMessageEnhancedStatusCode', 'NotifySender', 'Priority', 'Enabled',
]);

export type TransportRule = Record<string, unknown> & { Name: string; Guid: string; State: 'Enabled' | 'Disabled' };

export class TransportRules {
  /** Tenant id → its rules in priority order. */
  readonly byTenant = new Map<string, TransportRule[]>();

  list(tenantId: string): TransportRule[] {
    let rules = this.byTenant.get(tenantId);
    if (!rules) this.byTenant.set(tenantId, (rules = []));
    return rules;
  }

  find(tenantId: string, identity: unknown): TransportRule {
    const id = String(identity ?? '');
    const rule = this.list(tenantId).find((r) => r.Guid === id || r.Name.toLowerCase() === id.toLowerCase());
    if (!rule) throw notFound(id);
    return rule;
  }

  get(tenantId: string, params: Record<string, unknown>): TransportRule[] {
    return params.Identity !== undefined ? [this.find(tenantId, params.Identity)] : [...this.list(tenantId)];
  }

  create(tenantId: string, params: Record<string, unknown>): TransportRule {
    const name = typeof params.Name === 'string' ? params.Name.trim() : '';
    if (!name) throw invalid("The parameter 'Name' is required.");
    const rules = this.list(tenantId);
    if (rules.some((r) => r.Name.toLowerCase() === name.toLowerCase())) {
      throw new CmdletError(400, 'BadRequest', `${NS}.ManagementObjectAlreadyExistsException`, `A transport rule with the name '${name}' already exists.`);
    }
    const rule: TransportRule = { Name: name, Identity: name, Guid: randomUUID(), State: params.Enabled === false ? 'Disabled' : 'Enabled', Mode: 'Enforce', Priority: rules.length, Comments: '', FromScope: null, SentToScope: null, SetAuditSeverity: '', WhenChanged: new Date().toISOString() };
    this.assign(rule, params, rules);
    rules.push(rule);
    return rule;
  }

  update(tenantId: string, params: Record<string, unknown>): void {
    const rule = this.find(tenantId, params.Identity);
    const { Identity: _id, ...rest } = params;
    if (typeof rest.Name === 'string' && rest.Name.toLowerCase() !== rule.Name.toLowerCase() && this.list(tenantId).some((r) => r.Name.toLowerCase() === String(rest.Name).toLowerCase())) {
      throw new CmdletError(400, 'BadRequest', `${NS}.ManagementObjectAlreadyExistsException`, `A transport rule with the name '${String(rest.Name)}' already exists.`);
    }
    this.assign(rule, rest, this.list(tenantId));
    rule.WhenChanged = new Date().toISOString();
  }

  remove(tenantId: string, params: Record<string, unknown>): void {
    const rule = this.find(tenantId, params.Identity);
    const rules = this.list(tenantId);
    rules.splice(rules.indexOf(rule), 1);
  }

  /** Validates and writes parameters onto a rule; null clears a parameter (as `$null` does in PowerShell). */
  private assign(rule: TransportRule, params: Record<string, unknown>, _all: TransportRule[]): void {
    const next: Record<string, unknown> = { ...rule };
    for (const [key, value] of Object.entries(params)) {
      if (key === 'Confirm') continue;
      if (!SETTABLE.has(key)) throw invalid(`A parameter cannot be found that matches parameter name '${key}'.`);
      if (key === 'Enabled') continue;
      next[key] = value === null ? (Array.isArray(rule[key]) ? null : key === 'SetAuditSeverity' ? '' : null) : value;
      if (key === 'Name' && typeof value === 'string') next.Identity = value;
    }
    if (String(next.Name).length > 64) throw invalid(`The value of 'Name' exceeds the maximum length of 64 characters.`);
    if (typeof next.Comments === 'string' && next.Comments.length > 1024) throw invalid("The value of 'Comments' exceeds the maximum length of 1024 characters.");
    for (const key of ['SubjectOrBodyMatchesPatterns', 'SubjectOrBodyContainsWords']) {
      const v = next[key];
      if (v === null || v === undefined) continue;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x)) throw invalid(`Cannot bind parameter '${key}': expected a list of strings.`);
      if (key === 'SubjectOrBodyMatchesPatterns') for (const re of v as string[]) checkRegex(re);
    }
    const classifications = next.MessageContainsDataClassifications;
    if (classifications !== null && classifications !== undefined) {
      if (!Array.isArray(classifications)) throw invalid("Cannot bind parameter 'MessageContainsDataClassifications': expected a list of hashtables.");
      next.MessageContainsDataClassifications = classifications.map((c: Record<string, unknown>) => {
        if (c?.['@odata.type'] !== '#Exchange.GenericHashTable') throw invalid("Cannot convert the value to type 'System.Collections.Hashtable[]'.");
        if (!SENSITIVE_TYPES.has(String(c.Name))) throw invalid(`The sensitive information type '${String(c.Name)}' couldn't be found.`);
        // Exchange echoes classifications back as strings of their hashtable.
        return `{"Name":"${String(c.Name)}","minCount":"${String(c.minCount ?? '1')}"}`;
      });
    }
    if (next.NotifySender && !next.MessageContainsDataClassifications) throw invalid('NotifySender can only be used with the MessageContainsDataClassifications condition.');
    if (next.RejectMessageEnhancedStatusCode && !/^5\.7\.\d{1,3}$/.test(String(next.RejectMessageEnhancedStatusCode))) throw invalid('The enhanced status code must be 5.7.1 or 5.7.900-5.7.999.');
    if (!next.SubjectOrBodyMatchesPatterns && !next.SubjectOrBodyContainsWords && !next.MessageContainsDataClassifications && !next.FromScope && !next.SentToScope) {
      throw invalid('A transport rule needs at least one condition.');
    }
    Object.assign(rule, next);
  }
}

/** Exchange compiles patterns with .NET; JavaScript's engine stands in, minus the constructs .NET lacks (\p{…} aside). */
function checkRegex(source: string): void {
  try {
    const inline = source.startsWith('(?i)');
    new RegExp(inline ? source.slice(4) : source, inline ? 'i' : '');
  } catch {
    throw invalid(`The regular expression '${source}' isn't valid.`);
  }
}
