import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, gmailAs } from './gmail-client.ts';
import { rawMail, startGoogleWorld, TOPIC, type GoogleWorld } from './google-world.ts';
import { pushData, startPushReceiver, waitFor } from './push-receiver.ts';

let w: GoogleWorld;
beforeAll(async () => {
  w = await startGoogleWorld({ userCount: 3 });
  w.emu.quota.unitsPerSecond = 1_000_000;
});
afterAll(() => w.emu.close());

const deliver = (to: string, subject = 'hello') => w.emu.deliver([to], rawMail({ to, subject }))[to];

describe('history.list', () => {
  it('omits the history key when nothing changed and reports the current historyId', async () => {
    const user = w.users[1];
    const gmail = gmailAs(w, user);
    const start = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    const res = await gmail.users.history.list({ userId: 'me', startHistoryId: start });
    expect('history' in res.data).toBe(false);
    expect(res.data.historyId).toBe(start);
  });

  it('filters by historyTypes and labelId, and pages with nextPageToken', async () => {
    const user = w.users[2];
    const gmail = gmailAs(w, user);
    const start = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    const ids = [deliver(user), deliver(user), deliver(user)];
    await gmail.users.messages.modify({ userId: 'me', id: ids[0], requestBody: { addLabelIds: ['SPAM'], removeLabelIds: ['INBOX'] } });

    const added = await gmail.users.history.list({ userId: 'me', startHistoryId: start, historyTypes: ['messageAdded'] });
    expect(added.data.history?.flatMap((h) => h.messagesAdded?.map((m) => m.message?.id) ?? [])).toEqual(ids);
    expect(added.data.history?.every((h) => !h.labelsAdded)).toBe(true);

    const spam = await gmail.users.history.list({ userId: 'me', startHistoryId: start, labelId: 'SPAM' });
    expect(spam.data.history?.flatMap((h) => h.labelsAdded?.map((m) => m.message?.id) ?? [])).toEqual([ids[0]]);

    const pages: string[][] = [];
    let pageToken: string | undefined;
    do {
      const res = await gmail.users.history.list({ userId: 'me', startHistoryId: start, historyTypes: ['messageAdded'], maxResults: 2, pageToken });
      pages.push((res.data.history ?? []).map((h) => h.id!));
      pageToken = res.data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
  });

  it('answers 404 when startHistoryId is older than the kept history', async () => {
    const user = w.users[3];
    const gmail = gmailAs(w, user);
    const old = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    deliver(user);
    w.emu.mailbox(user).trimHistory();
    expect(await failure(gmail.users.history.list({ userId: 'me', startHistoryId: old }))).toEqual({ status: 404, reason: 'notFound' });
    const now = (await gmail.users.getProfile({ userId: 'me' })).data.historyId!;
    expect((await gmail.users.history.list({ userId: 'me', startHistoryId: now })).status).toBe(200);
  });
});

describe('watch and stop', () => {
  it('expires in 7 days, notifies at once, then at most once per second with the latest historyId', async () => {
    const receiver = await startPushReceiver();
    w.emu.pubsub.createPushSubscription({ name: 'projects/mailwarden-test/subscriptions/watch-test', topic: TOPIC, endpoint: receiver.url, audience: 'aud', serviceAccountEmail: 'push@x.iam.gserviceaccount.com' });
    try {
      const user = w.users[1];
      const gmail = gmailAs(w, user);
      const t0 = Date.now();
      const res = await gmail.users.watch({ userId: 'me', requestBody: { topicName: TOPIC, labelIds: ['INBOX', 'SENT'], labelFilterBehavior: 'include' } });
      const expiresIn = Number(res.data.expiration) - t0;
      expect(expiresIn).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
      expect(expiresIn).toBeLessThanOrEqual(7 * 24 * 3600_000 + 1000);
      await waitFor(() => receiver.received.length === 1);
      expect(pushData(receiver.received[0])).toEqual({ emailAddress: user, historyId: Number(res.data.historyId) });

      // Five deliveries at once: coalesced, never two notifications for the user within a second.
      for (let i = 0; i < 5; i++) deliver(user);
      const latest = w.emu.mailbox(user).historyId;
      await waitFor(() => receiver.received.some((p) => pushData(p).historyId === latest), 5000);
      expect(receiver.received.length - 1).toBeLessThanOrEqual(2);
      const times = receiver.received.map((p) => Date.parse(p.body.message.publishTime));
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(999);
      const sent = w.emu.watches.published.get(user)!;

      // A change outside the watched labels (a message moved to SPAM only) is not pushed.
      await new Promise((r) => setTimeout(r, 1100));
      const other = w.emu.mailbox(user).add(rawMail({ to: user, subject: 'x' }), ['SPAM'], { applyFilters: false });
      expect(other.labelIds.has('INBOX')).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(w.emu.watches.published.get(user)).toBe(sent);

      await gmail.users.stop({ userId: 'me' });
      deliver(user);
      await new Promise((r) => setTimeout(r, 1100));
      expect(w.emu.watches.published.get(user)).toBe(sent);
    } finally {
      w.emu.pubsub.subscriptions.delete('projects/mailwarden-test/subscriptions/watch-test');
      await receiver.close();
    }
  });

  it('an expired watch publishes nothing', async () => {
    const user = w.users[2];
    await gmailAs(w, user).users.watch({ userId: 'me', requestBody: { topicName: TOPIC, labelIds: ['INBOX'] } });
    const sent = w.emu.watches.published.get(user) ?? 0;
    const realNow = w.emu.watches.now;
    w.emu.watches.now = () => realNow() + 8 * 24 * 3600_000;
    try {
      deliver(user);
      await new Promise((r) => setTimeout(r, 1100));
      expect(w.emu.watches.published.get(user) ?? 0).toBe(sent);
    } finally {
      w.emu.watches.now = realNow;
    }
  });

  it('refuses a topic Gmail cannot publish to', async () => {
    w.emu.pubsub.createTopic('projects/mailwarden-test/topics/locked', []);
    const gmail = gmailAs(w, w.users[3]);
    expect(await failure(gmail.users.watch({ userId: 'me', requestBody: { topicName: 'projects/mailwarden-test/topics/locked' } }))).toEqual({ status: 403, reason: 'forbidden' });
    expect(await failure(gmail.users.watch({ userId: 'me', requestBody: { topicName: 'gmail-push' } }))).toEqual({ status: 400, reason: 'invalidArgument' });
  });
});
