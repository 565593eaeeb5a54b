import { errors, GoogleApiError } from './google-errors.ts';
import type { OidcSigner } from './oidc-signer.ts';

/** A push subscription: where Pub/Sub POSTs, and the OIDC identity it signs as. */
export interface PushSubscription {
  name: string;
  topic: string;
  endpoint: string;
  audience: string;
  serviceAccountEmail: string;
  serviceAccountId: string;
}

interface Pending {
  sub: PushSubscription;
  body: string;
  messageId: string;
  attempts: number;
}

/** Status codes Pub/Sub push treats as an ack; anything else (or no answer) is redelivered with backoff. */
const ACK_CODES = new Set([102, 200, 201, 202, 204]);

/**
 * Pub/Sub topics and push subscriptions. Each publish becomes one push per subscription, signed with an OIDC
 * token; non-ack answers are retried with exponential backoff (min..max, like a subscription's retry policy).
 * Faults on demand: drop the next N messages, duplicate the next N, or hold messages and release them in
 * reverse order (reordering).
 */
export class PubSub {
  readonly topics = new Map<string, { publishers: Set<string> }>();
  readonly subscriptions = new Map<string, PushSubscription>();
  readonly stats = { published: 0, attempts: 0, acked: 0, nacked: 0, dropped: 0, duplicated: 0 };
  private seq = 7_000_000_000_000 + Math.floor(Math.random() * 1_000_000);
  private dropNext = 0;
  private duplicateNext = 0;
  private holding: Pending[] | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private closed = false;

  constructor(private readonly signer: OidcSigner, public backoff = { minMs: 100, maxMs: 2000 }) {}

  createTopic(name: string, publishers = ['serviceAccount:gmail-api-push@system.gserviceaccount.com']): void {
    this.topics.set(name, { publishers: new Set(publishers) });
  }

  createPushSubscription(sub: Omit<PushSubscription, 'serviceAccountId'> & { serviceAccountId?: string }): PushSubscription {
    if (!this.topics.has(sub.topic)) throw errors.notFound(`Resource not found (resource=${sub.topic}).`);
    const full = { ...sub, serviceAccountId: sub.serviceAccountId ?? '1' + String(Math.random()).slice(2, 22) };
    this.subscriptions.set(sub.name, full);
    return full;
  }

  /** Checks Gmail may publish to the topic, as users.watch does. */
  assertGmailCanPublish(topic: string): void {
    if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(topic)) throw errors.invalidArgument(`Invalid topicName does not match projects/SOME_ANY_PROJECT_ID/topics/SOME_ANY_TOPIC_ID`);
    const t = this.topics.get(topic);
    if (!t) throw errors.notFound(`Resource not found (resource=${topic.split('/').pop()}).`);
    if (!t.publishers.has('serviceAccount:gmail-api-push@system.gserviceaccount.com')) {
      throw new GoogleApiError(403, 'forbidden', `Error sending test message to Cloud PubSub ${topic} : User not authorized to perform this action.`, 'PERMISSION_DENIED');
    }
  }

  faults(f: { drop?: number; duplicate?: number; reorder?: boolean }): void {
    if (f.drop !== undefined) this.dropNext = f.drop;
    if (f.duplicate !== undefined) this.duplicateNext = f.duplicate;
    if (f.reorder === true && !this.holding) this.holding = [];
    if (f.reorder === false) this.releaseHeld();
  }

  /** Releases held messages newest first. */
  releaseHeld(): void {
    const held = this.holding ?? [];
    this.holding = null;
    for (const p of held.reverse()) this.attempt(p);
  }

  publish(topic: string, data: object): void {
    this.stats.published += 1;
    const messageId = String(this.seq++);
    const publishTime = new Date().toISOString();
    const encoded = Buffer.from(JSON.stringify(data)).toString('base64');
    for (const sub of this.subscriptions.values()) {
      if (sub.topic !== topic) continue;
      if (this.dropNext > 0) {
        this.dropNext -= 1;
        this.stats.dropped += 1;
        continue;
      }
      const body = JSON.stringify({
        message: { data: encoded, attributes: {}, messageId, message_id: messageId, publishTime, publish_time: publishTime },
        subscription: sub.name,
      });
      const copies = this.duplicateNext > 0 ? 2 : 1;
      if (copies === 2) {
        this.duplicateNext -= 1;
        this.stats.duplicated += 1;
      }
      for (let i = 0; i < copies; i++) {
        const p: Pending = { sub, body, messageId, attempts: 0 };
        if (this.holding) this.holding.push(p);
        else this.attempt(p);
      }
    }
  }

  /** True when nothing is waiting to be pushed or retried. */
  idle(): boolean {
    return this.inFlight === 0 && this.timers.size === 0 && !this.holding?.length;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private attempt(p: Pending): void {
    if (this.closed) return;
    p.attempts += 1;
    this.stats.attempts += 1;
    this.inFlight += 1;
    const token = this.signer.sign({ aud: p.sub.audience, email: p.sub.serviceAccountEmail, sub: p.sub.serviceAccountId });
    fetch(p.sub.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)' },
      body: p.body,
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        return ACK_CODES.has(res.status);
      })
      .catch(() => false)
      .then((acked) => {
        this.inFlight -= 1;
        if (acked) {
          this.stats.acked += 1;
          return;
        }
        this.stats.nacked += 1;
        const delay = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** (p.attempts - 1));
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.attempt(p);
        }, delay);
        this.timers.add(t);
      });
  }
}
