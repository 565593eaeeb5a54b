/**
 * The Exchange Online admin API (`/adminapi/beta/{tenantId}/InvokeCommand`) for app-only callers: an Exchange
 * token (audience outlook.office365.com), the `Exchange.ManageAsApp` permission, an Exchange role on the app's
 * service principal, then the cmdlet. Answers in the service's shapes: `{value, @odata.nextLink}` on success,
 * `{error: {code, message: "Error executing cmdlet", details: [{message: "ExId|Type|text"}]}}` on a cmdlet
 * failure, 401 for a token without the permission, and 403 with an empty body for a cmdlet outside the role.
 */
import { randomBytes } from 'node:crypto';
import type { Identity } from './identity.ts';
import { CmdletError, TransportRules } from './exchange-rules.ts';

export interface ExchangeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Cmdlets each Exchange role lets an app run (the part of Exchange RBAC MailWarden needs). */
const ROLE_CMDLETS: Record<string, Set<string>> = {
  'Exchange Administrator': new Set(['Get-TransportRule', 'New-TransportRule', 'Set-TransportRule', 'Remove-TransportRule', 'Get-Mailbox']),
  'Transport Rules': new Set(['Get-TransportRule', 'New-TransportRule', 'Set-TransportRule', 'Remove-TransportRule']),
  'View-Only Configuration': new Set(['Get-TransportRule', 'Get-Mailbox']),
};

/** The emulator's request router reaches the Exchange service through the Identity it shares with Graph. */
const BY_IDENTITY = new WeakMap<Identity, ExchangeAdmin>();
export const exchangeFor = (identity: Identity): ExchangeAdmin | undefined => BY_IDENTITY.get(identity);

export class ExchangeAdmin {
  readonly rules = new TransportRules();
  /** `${tenantId}|${appId}` → what the tenant granted the app. */
  readonly grants = new Map<string, { manageAsApp: boolean; role: string | null }>();
  /** Every cmdlet invoked, for tests that count work. */
  readonly calls: { tenantId: string; cmdlet: string; status: number }[] = [];
  /** Results per page when the caller asks for more (tests shrink it to exercise paging). */
  pageSize: number | null = null;
  /** One-shot faults: the next cmdlets answer these statuses (429 carries Retry-After: 1). */
  readonly faults: number[] = [];
  private readonly pages = new Map<string, unknown[]>();

  constructor(private readonly identity: Identity, private readonly baseUrl: () => string) {
    BY_IDENTITY.set(identity, this);
  }

  /** Admin consent to `Exchange.ManageAsApp` and an Exchange role assignment for the app's service principal. */
  grant(tenantId: string, appId: string, options: { manageAsApp?: boolean; role?: string | null } = {}): void {
    this.grants.set(`${tenantId}|${appId}`, { manageAsApp: options.manageAsApp ?? true, role: options.role === undefined ? 'Exchange Administrator' : options.role });
  }

  handle(tenantPath: string, headers: Record<string, string | undefined>, body: Buffer, query: URLSearchParams): ExchangeResponse {
    const token = this.identity.authenticate(headers.authorization, 'exchange');
    if (!token) return { status: 401, headers: { 'www-authenticate': 'Bearer realm="", error="invalid_token"' }, body: '' };
    const grant = this.grants.get(`${token.tenantId}|${token.appId}`);
    if (tenantPath !== token.tenantId || !grant?.manageAsApp) {
      return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="The token does not have the required role Exchange.ManageAsApp"' }, body: '' };
    }
    const skip = query.get('$skiptoken');
    if (skip) {
      const rest = this.pages.get(skip);
      if (!rest) return error(400, 'BadRequest', 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException', 'The skip token is not valid.');
      this.pages.delete(skip);
      return this.page(tenantPath, rest, headers);
    }
    let input: { CmdletInput?: { CmdletName?: unknown; Parameters?: unknown } };
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return error(400, 'BadRequest', 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException', 'The request body is not valid JSON.');
    }
    const cmdlet = String(input.CmdletInput?.CmdletName ?? '');
    const params = (input.CmdletInput?.Parameters ?? {}) as Record<string, unknown>;
    const fault = this.faults.shift();
    if (fault !== undefined) {
      this.calls.push({ tenantId: tenantPath, cmdlet, status: fault });
      return fault === 429
        ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests' } } }
        : error(fault, 'InternalServerError', 'Microsoft.Exchange.Data.Directory.TransientException', 'The service is temporarily unavailable.');
    }
    // A cmdlet outside the app's roles does not exist for it: Exchange answers 403 with no body at all.
    if (!grant.role || !ROLE_CMDLETS[grant.role]?.has(cmdlet)) {
      this.calls.push({ tenantId: tenantPath, cmdlet, status: 403 });
      return { status: 403, body: '' };
    }
    try {
      const value = this.run(tenantPath, cmdlet, params);
      this.calls.push({ tenantId: tenantPath, cmdlet, status: 200 });
      return this.page(tenantPath, value, headers);
    } catch (err) {
      if (!(err instanceof CmdletError)) throw err;
      this.calls.push({ tenantId: tenantPath, cmdlet, status: err.status });
      return error(err.status, err.code, err.exceptionType, err.message);
    }
  }

  private run(tenantId: string, cmdlet: string, params: Record<string, unknown>): unknown[] {
    switch (cmdlet) {
      case 'Get-TransportRule':
        return this.rules.get(tenantId, params).map((r) => structuredClone(r));
      case 'New-TransportRule':
        return [structuredClone(this.rules.create(tenantId, params))];
      case 'Set-TransportRule':
        this.rules.update(tenantId, params);
        return [];
      case 'Remove-TransportRule':
        this.rules.remove(tenantId, params);
        return [];
      default:
        return [];
    }
  }

  private page(tenantId: string, value: unknown[], headers: Record<string, string | undefined>): ExchangeResponse {
    const asked = Number(/odata\.maxpagesize=(\d+)/.exec(headers.prefer ?? '')?.[1] ?? 1000);
    const size = this.pageSize ?? asked;
    const out: Record<string, unknown> = { '@odata.context': `https://outlook.office365.com/adminapi/beta/${tenantId}/$metadata#Collection(Exchange.GenericHashTable)`, '@adminapi.warnings': [], value: value.slice(0, size) };
    if (value.length > size) {
      const token = randomBytes(8).toString('hex');
      this.pages.set(token, value.slice(size));
      out['@odata.nextLink'] = `${this.baseUrl()}/adminapi/beta/${tenantId}/InvokeCommand?$skiptoken=${token}`;
    }
    return { status: 200, body: out };
  }
}

function error(status: number, code: string, type: string, text: string): ExchangeResponse {
  const id = `Ex${randomBytes(3).toString('hex').toUpperCase()}`;
  return {
    status,
    body: {
      error: {
        code,
        message: 'Error executing cmdlet',
        details: [{ code: 'Client', target: '', message: `${id}|${type}|${text}` }],
        innererror: { message: 'Error executing cmdlet', type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException' },
      },
    },
  };
}
