import { Router, json, type Request } from 'express';
import { OAuth2Client } from 'google-auth-library';
import { createLogger, type Logger } from '../../observability/logger.ts';
import type { GooglePushConfig, WebhookDeps } from '../../pipeline/ports.ts';

const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

/** Why a push was turned away; returned in the body so operators can see it (never echoes the token). */
type Rejection = 'no_token' | 'bad_token' | 'wrong_sender' | 'expired';

/**
 * POST /webhooks/google — Gmail notifications through a Pub/Sub push subscription. Verifies the OIDC token
 * (RS256 signature against Google's certs, issuer, audience, the push service account's verified email, expiry
 * with a small leeway), decodes `message.data` → `{emailAddress, historyId}`, enqueues one notification job
 * keyed by address + historyId (a redelivered or duplicated push collapses into the first), answers 204.
 * A forged push gets 401 and nothing is enqueued; a push for a mailbox we don't protect is acknowledged (204)
 * so Pub/Sub stops redelivering it. Only a failed enqueue answers 5xx, which makes Pub/Sub retry.
 */
export function googleWebhook(deps: WebhookDeps, options: { logger?: Logger } = {}): Router {
  // The app passes its own logger (see index.ts); a router built without one (tests) logs nothing.
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const router = Router();
  const config = deps.googlePush;
  const verifier = new OAuth2Client(config?.certsUrl ? { endpoints: { oauth2FederatedSignonPemCertsUrl: config.certsUrl } } : {});

  router.post('/', json({ limit: '64kb' }), async (req, res) => {
    if (!config) {
      res.status(503).json({ error: 'google push verification not configured' });
      return;
    }
    const rejected = await verifyPush(verifier, config, req);
    if (rejected) {
      // The reason only: the token and the payload stay out of the logs.
      logger.warn({ reason: rejected }, 'gmail push rejected');
      res.status(401).json({ error: rejected });
      return;
    }
    const data = decodeData(req.body);
    if (!data) {
      res.status(204).end(); // authentic but not a Gmail notification: ack so it is not redelivered forever
      return;
    }
    const mailbox = await deps.findMailboxByAddress('google', data.emailAddress);
    if (!mailbox) {
      res.status(204).end();
      return;
    }
    try {
      await deps.enqueueNotification(
        { provider: 'google', ...mailbox, trigger: { kind: 'notification', hint: data.historyId }, receivedAt: new Date().toISOString() },
        `${data.emailAddress}:${data.historyId}`,
      );
    } catch {
      logger.error({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId }, 'enqueueing a gmail notification failed');
      res.status(503).json({ error: 'queue unavailable' });
      return;
    }
    res.status(204).end();
  });
  return router;
}

async function verifyPush(verifier: OAuth2Client, config: GooglePushConfig, req: Request): Promise<Rejection | null> {
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '');
  if (!m) return 'no_token';
  let payload;
  try {
    // Checks signature, iss, aud, and exp/iat with the library's own 5-minute skew.
    const ticket = await verifier.verifyIdToken({ idToken: m[1], audience: config.audience });
    payload = ticket.getPayload();
  } catch {
    return 'bad_token';
  }
  if (!payload || !GOOGLE_ISSUERS.includes(payload.iss)) return 'bad_token';
  if (!payload.email || payload.email_verified !== true || !config.serviceAccountEmails.includes(payload.email)) return 'wrong_sender';
  // Tighter than the library's 5 minutes: a replayed token is only good for its hour plus a small leeway.
  const leeway = config.leewaySec ?? 30;
  const now = Date.now() / 1000;
  if (payload.exp + leeway < now || (payload.iat ?? 0) - leeway > now) return 'expired';
  return null;
}

/** `message.data` is base64 JSON `{emailAddress, historyId}` with a numeric historyId. */
function decodeData(body: unknown): { emailAddress: string; historyId: string } | null {
  const data = (body as { message?: { data?: unknown } } | undefined)?.message?.data;
  if (typeof data !== 'string' || data.length > 4096) return null;
  try {
    const parsed = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { emailAddress?: unknown; historyId?: unknown };
    const historyId = typeof parsed.historyId === 'number' || typeof parsed.historyId === 'string' ? String(parsed.historyId) : '';
    if (typeof parsed.emailAddress !== 'string' || !/^\d{1,20}$/.test(historyId)) return null;
    return { emailAddress: parsed.emailAddress.toLowerCase(), historyId };
  } catch {
    return null;
  }
}
