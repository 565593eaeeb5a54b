import type { MessageModel } from '../../../core/message.ts';
import type { TxtResolver } from '../../detector.ts';
import type { AuthFinding } from './summary-checks.ts';

/**
 * Results from mailauth that mean "the signature is wrong", as opposed to "we could not check it" (no key,
 * DNS error). mailauth reports a body-hash mismatch as neutral, before any key lookup: it is still a break.
 */
function isBroken(status: { result?: string; comment?: string | false } | undefined): boolean {
  return status?.result === 'fail' || (status?.result === 'neutral' && status.comment === 'body hash did not verify');
}

function hasDkimSignature(msg: MessageModel): boolean {
  return msg.headers.fields.some((f) => f.name.toLowerCase() === 'dkim-signature');
}

/** mailauth asks (name, rrtype); our injected resolver only answers TXT, which is all DKIM needs. */
function adapt(dns: TxtResolver): (name: string, rrtype: string) => Promise<string[][]> {
  return async (name, rrtype) => {
    if (rrtype.toUpperCase() !== 'TXT') throw Object.assign(new Error(`no ${rrtype} lookups`), { code: 'ENOTFOUND' });
    return dns(name);
  };
}

/** Whether {@link dkimReverify} has anything to do: a resolver, the raw bytes within the cap, a signature. */
export function wantsDkimReverify(msg: MessageModel, dns: TxtResolver | undefined, maxBytes: number): boolean {
  const raw = msg.raw;
  return Boolean(dns) && raw !== undefined && raw.length <= maxBytes && hasDkimSignature(msg);
}

/**
 * Re-verifies the message's DKIM signatures with our own resolver. Off unless a resolver is injected, and
 * silent when the raw bytes are not available (a model built without the scan engine). A failing signature
 * with none passing means the message changed after signing: forged or tampered in transit.
 */
export async function dkimReverify(msg: MessageModel, dns: TxtResolver | undefined, maxBytes: number, now: Date): Promise<AuthFinding[]> {
  const raw = msg.raw;
  if (!dns || !raw || !wantsDkimReverify(msg, dns, maxBytes)) return [];
  const { dkimVerify } = await import('mailauth/lib/dkim/verify.js');
  const result = await dkimVerify(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), { resolver: adapt(dns), curTime: now });
  const results = result.results ?? [];
  if (results.some((r) => r.status?.result === 'pass')) return [];
  const failed = results.filter((r) => isBroken(r.status));
  if (failed.length === 0) return [];
  const first = failed[0]!;
  const why = first.status.comment ? `: ${first.status.comment}` : '';
  return [{ rule: 'DKIM_REVERIFY_FAIL', confidence: 1, evidence: `DKIM signature d=${first.signingDomain}${first.selector ? ` s=${first.selector}` : ''} fails re-verification${why}` }];
}
