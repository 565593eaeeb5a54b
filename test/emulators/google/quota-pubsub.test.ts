import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuth2Client } from 'google-auth-library';
import { failure, gmailAs } from './gmail-client.ts';
import { startGoogleWorld, TOPIC, type GoogleWorld } from './google-world.ts';
import { pushData, startPushReceiver, waitFor } from './push-receiver.ts';

let w: GoogleWorld;
beforeAll(async () => {
  w = await startGoogleWorld({ userCount: 3 });
  w.emu.pubsub.backoff = { minMs: 20, maxMs: 200 };
});
afterAll(() => w.emu.close());

const SUB = 'projects/mailwarden-test/subscriptions/push-test';
async function withSubscription<T>(statuses: number[], fn: (r: Awaited<ReturnType<typeof startPushReceiver>>) => Promise<T>): Promise<T> {
  const receiver = await startPushReceiver(statuses);
  w.emu.pubsub.createPushSubscription({ name: SUB, topic: TOPIC, endpoint: receiver.url, audience: 'https://mailwarden.test/webhooks/google', serviceAccountEmail: 'gmail-push@mailwarden-test.iam.gserviceaccount.com' });
  try {
    return await fn(receiver);
  } finally {
    w.emu.pubsub.subscriptions.delete(SUB);
    await receiver.close();
  }
}

describe('Pub/Sub push', () => {
  it('POSTs {message:{data,messageId,publishTime,attributes},subscription} with an OIDC token verifiable at the certs URL', async () => {
    await withSubscription([], async (r) => {
      w.emu.pubsub.publish(TOPIC, { emailAddress: w.users[1], historyId: 4242 });
      await waitFor(() => r.received.length === 1);
      const push = r.received[0];
      expect(push.body.subscription).toBe(SUB);
      expect(push.body.message).toMatchObject({ attributes: {}, messageId: expect.stringMatching(/^\d+$/), publishTime: expect.any(String) });
      expect(pushData(push)).toEqual({ emailAddress: w.users[1], historyId: 4242 });

      const verifier = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: w.emu.certsUrl } });
      const ticket = await verifier.verifyIdToken({ idToken: push.authorization.replace(/^Bearer /, ''), audience: 'https://mailwarden.test/webhooks/google' });
      expect(ticket.getPayload()).toMatchObject({ iss: 'https://accounts.google.com', email: 'gmail-push@mailwarden-test.iam.gserviceaccount.com', email_verified: true });
      await expect(verifier.verifyIdToken({ idToken: push.authorization.replace(/^Bearer /, ''), audience: 'https://elsewhere.test/' })).rejects.toThrow(/audience/);
    });
  });

  it('acks on 200/201/202/204 with one attempt each', async () => {
    await withSubscription([200, 201, 202, 204], async (r) => {
      const before = w.emu.pubsub.stats.attempts;
      for (let i = 0; i < 4; i++) w.emu.pubsub.publish(TOPIC, { emailAddress: w.users[1], historyId: 100 + i });
      await waitFor(() => w.emu.pubsub.idle() && r.received.length === 4);
      expect(w.emu.pubsub.stats.attempts - before).toBe(4);
    });
  });

  it('redelivers with backoff until the endpoint acks', async () => {
    await withSubscription([500, 503, 429], async (r) => {
      w.emu.pubsub.publish(TOPIC, { emailAddress: w.users[1], historyId: 777 });
      await waitFor(() => r.received.length === 4 && w.emu.pubsub.idle());
      expect(new Set(r.received.map((p) => p.body.message.messageId)).size).toBe(1);
      expect(r.received.map((p) => pushData(p).historyId)).toEqual([777, 777, 777, 777]);
    });
  });

  it('drops, duplicates and reorders on demand', async () => {
    await withSubscription([], async (r) => {
      w.emu.pubsub.faults({ drop: 1, duplicate: 1 });
      w.emu.pubsub.publish(TOPIC, { emailAddress: w.users[1], historyId: 1 }); // dropped
      w.emu.pubsub.publish(TOPIC, { emailAddress: w.users[1], historyId: 2 }); // twice
      await waitFor(() => r.received.length === 2 && w.emu.pubsub.idle());
      expect(r.received.map((p) => pushData(p).historyId)).toEqual([2, 2]);

      w.emu.pubsub.faults({ reorder: true });
      for (const h of [3, 4, 5]) w.emu.pubsub.publish(TOPIC, { emailAddress: w.users[1], historyId: h });
      expect(r.received.length).toBe(2);
      w.emu.pubsub.faults({ reorder: false });
      await waitFor(() => r.received.length === 5);
      expect(r.received.slice(2).map((p) => pushData(p).historyId)).toEqual([5, 4, 3]);
    });
  });
});

describe('per-user quota', () => {
  it('answers 429 rateLimitExceeded past the per-user units/s, while another user is unaffected', async () => {
    const heavy = gmailAs(w, w.users[2]);
    await heavy.users.getProfile({ userId: 'me' });
    // 50 units/s instead of Gmail's 250 so that 60 calls overflow the window even on a slow machine.
    w.emu.quota.unitsPerSecond = 50;
    // retry:false shows the raw answer; googleapis would otherwise retry 429 on GETs by itself.
    const results = await Promise.all(Array.from({ length: 60 }, () => failure(heavy.users.messages.list({ userId: 'me' }, { retry: false }))));
    const refused = results.filter((x) => x !== null);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((x) => x?.status === 429 && x.reason === 'rateLimitExceeded')).toBe(true);
    expect(await failure(gmailAs(w, w.users[3]).users.getProfile({ userId: 'me' }))).toBeNull();
    expect(w.emu.quota.refused.get(w.users[2])).toBe(refused.length);
    w.emu.quota.unitsPerSecond = 250;
  });

  it('injects 403 userRateLimitExceeded for the next N calls', async () => {
    const gmail = gmailAs(w, w.users[1]);
    w.emu.quota.injectThrottle(w.users[1], 2, '403');
    expect(await failure(gmail.users.getProfile({ userId: 'me' }))).toEqual({ status: 403, reason: 'userRateLimitExceeded' });
    expect(await failure(gmail.users.getProfile({ userId: 'me' }))).toEqual({ status: 403, reason: 'userRateLimitExceeded' });
    expect(await failure(gmail.users.getProfile({ userId: 'me' }))).toBeNull();
  });
});
