/**
 * Exchange Online cmdlets over the Exchange admin REST endpoint the ExchangeOnlineManagement module itself uses:
 * `POST {exchange}/adminapi/beta/{tenantId}/InvokeCommand` with `{"CmdletInput":{"CmdletName","Parameters"}}`.
 * There is no SDK for it (Microsoft Graph cannot manage transport rules, and the Graph SDK does not speak this
 * API), so this is the one place MailWarden uses plain fetch against Microsoft. The app-only token (scope
 * `https://outlook.office365.com/.default`) comes from MSAL; the app needs the `Exchange.ManageAsApp` application
 * permission and an Exchange role on its service principal that includes the cmdlets (Transport Rules).
 */
import { randomUUID } from 'node:crypto';
import { AppError, type ErrorCode } from '../../src/core/errors.ts';
import { classifyGraphError, parseRetryAfter } from './graph-errors.ts';
import type { TokenSource } from './msal-auth.ts';

export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';

/** The arbitration mailbox Exchange routes app-only admin requests through (as the PowerShell module does). */
const SYSTEM_MAILBOX = 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';

export interface ExchangeAdminOptions {
  /** Attempts per call when throttled (429) or unavailable (5xx). */
  maxAttempts?: number;
  /** Cap on one Retry-After wait. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface InvokeError {
  error?: { code?: string; message?: string; details?: { code?: string; message?: string }[] };
}

/** The cmdlet's own reason from an InvokeCommand error body: `Ex6F9304|Type|Text` → type and text. */
export function cmdletReason(body: unknown): { type: string | null; text: string | null } {
  const details = (body as InvokeError | null)?.error?.details;
  const first = Array.isArray(details) ? details.find((d) => typeof d?.message === 'string') : undefined;
  if (!first?.message) return { type: null, text: null };
  const parts = first.message.split('|');
  return { type: parts.length >= 3 ? parts[1]!.trim() : null, text: parts[parts.length - 1]!.trim() || null };
}

/** Exchange exception types → our codes; checked before the HTTP status. */
const EXCEPTIONS: Record<string, ErrorCode> = {
  'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException': 'not_found',
  'Microsoft.Exchange.Management.Tasks.ManagementObjectNotFoundException': 'not_found',
  'Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException': 'conflict',
  'Microsoft.Exchange.MessagingPolicies.Rules.Tasks.ArgumentException': 'invalid_input',
  'Microsoft.Exchange.Configuration.Tasks.TaskArgumentException': 'invalid_input',
};

const STATUS: Record<number, ErrorCode> = { 400: 'invalid_input', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'throttled' };

/** Classifies one InvokeCommand answer (never from message text: exception type, error code, status). */
export function classifyInvokeError(status: number, body: unknown, cmdlet: string, retryAfterMs?: number): AppError {
  const { type, text } = cmdletReason(body);
  const code = (type && EXCEPTIONS[type]) || STATUS[status] || (status >= 500 ? 'provider_unavailable' : 'internal');
  const why =
    status === 401
      ? 'the token was refused: grant the app the Exchange.ManageAsApp permission (Office 365 Exchange Online) and admin consent'
      : status === 403 && !text
        ? 'the app has no Exchange role that includes this cmdlet: assign its service principal Exchange Administrator or a role with Transport Rules'
        : (text ?? `HTTP ${status}`);
  return new AppError(code, `${cmdlet}: ${why}`, { retryable: code === 'throttled' || code === 'provider_unavailable', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

/** Runs Exchange Online cmdlets for one tenant. Pages through `@odata.nextLink`; retries 429/5xx, bounded. */
export class ExchangeAdminClient {
  private readonly connectionId = randomUUID();

  constructor(
    private readonly tokens: TokenSource,
    private readonly baseUrl: string,
    private readonly tenantId: string,
    private readonly options: ExchangeAdminOptions = {},
  ) {}

  async invoke(cmdlet: string, parameters: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let url: string | undefined = `${this.baseUrl}/adminapi/beta/${encodeURIComponent(this.tenantId)}/InvokeCommand`;
    while (url) {
      const page = await this.post(url, cmdlet, parameters);
      if (Array.isArray(page.value)) out.push(...(page.value as Record<string, unknown>[]));
      url = typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : undefined;
    }
    return out;
  }

  private async post(url: string, cmdlet: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>> {
    const attempts = this.options.maxAttempts ?? 5;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      // MSAL's own errors (consent missing, bad credentials) are classified by the one Microsoft error table.
      const token = await this.tokens.getToken().catch((err: unknown) => {
        throw classifyGraphError(err, `${cmdlet}: Exchange token`);
      });
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'x-anchormailbox': `APP:${SYSTEM_MAILBOX}@${this.tenantId}`,
            prefer: 'odata.maxpagesize=1000',
            'x-cmdletname': cmdlet,
            'connection-id': this.connectionId,
            'client-request-id': randomUUID(),
          },
          body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        if (attempt >= attempts) throw new AppError(timedOut ? 'timeout' : 'provider_unavailable', `${cmdlet}: no answer from Exchange`, { cause: err });
        await sleep(Math.min(8000, 250 * 2 ** attempt));
        continue;
      }
      const text = await res.text();
      const body = parseBody(text);
      if (res.ok) return (body ?? {}) as Record<string, unknown>;
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      const error = classifyInvokeError(res.status, body, cmdlet, retryAfterMs);
      const wait = retryAfterMs ?? Math.min(8000, 250 * 2 ** attempt);
      if (!error.retryable || attempt >= attempts || wait > (this.options.maxRetryAfterMs ?? 60_000)) throw error;
      await sleep(wait);
    }
  }
}

/** JSON, or null for an empty body (Exchange answers some refusals with nothing, or NUL bytes) or non-JSON. */
function parseBody(text: string): unknown {
  if (!text.replace(/\0/g, '').trim()) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
