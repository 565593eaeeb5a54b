import { createHmac } from 'node:crypto';
import { AppError } from '../core/errors.ts';

/**
 * Outbound webhook: JSON body, signed `X-MailWarden-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * (the timestamp inside the MAC stops replays of old deliveries). 5xx, 429 and network errors are retryable;
 * other 4xx are not (the receiver rejected this payload).
 */
export function signWebhook(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export async function postWebhook(url: string, secret: string, payload: unknown, options: { timeoutMs?: number; deliveryId?: string } = {}): Promise<void> {
  const body = JSON.stringify(payload);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'MailWarden-Webhook/1', 'x-mailwarden-signature': signWebhook(secret, body), ...(options.deliveryId ? { 'x-mailwarden-delivery': options.deliveryId } : {}) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new AppError('provider_unavailable', `webhook unreachable: ${err instanceof Error ? err.name : 'error'}`, { retryable: true });
  }
  await res.body?.cancel();
  if (res.ok) return;
  const retryable = res.status >= 500 || res.status === 429;
  throw new AppError(retryable ? 'provider_unavailable' : 'invalid_input', `webhook answered ${res.status}`, { retryable });
}
