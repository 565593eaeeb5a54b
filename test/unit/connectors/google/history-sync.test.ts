import { afterEach, describe, expect, it } from 'vitest';
import { rawMail } from '../../../emulators/google/google-world.ts';
import { gmailAs } from '../../../emulators/google/gmail-client.ts';
import { GoogleProvider } from '../../../../connectors/google/google-provider.ts';
import { countingBackoff, providerWorld } from './provider-fixture.ts';

type World = Awaited<ReturnType<typeof providerWorld>>;
let w: World;
afterEach(() => w?.emu.close());

const deliverMany = (address: string, n: number) => Array.from({ length: n }, (_, i) => w.emu.deliver([address], rawMail({ to: address, subject: `m${i}` }))[address]);
const notification = (hint?: string) => ({ kind: 'notification' as const, hint });

describe('Google history sync', () => {
  it('reads messageAdded from the cursor: inbound and outbound, no drafts, cursor = response historyId', async () => {
    w = await providerWorld();
    const user = w.users[1];
    const sub = await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    const inbound = deliverMany(user, 2);
    const sent = (await gmailAs(w, user).users.messages.send({ userId: 'me', requestBody: { raw: rawMail({ from: user, to: 'x@elsewhere.test', subject: 'out' }).toString('base64url') } })).data.id!;
    w.emu.mailbox(user).add(rawMail({ to: 'x@elsewhere.test', subject: 'draft' }), ['DRAFT'], { applyFilters: false });
    const batch = await w.provider.listChanges(w.ref(user), notification(), sub.cursor);
    expect(batch.messages).toEqual([
      ...inbound.map((messageId) => ({ messageId, direction: 'inbound' })),
      { messageId: sent, direction: 'outbound' },
    ]);
    expect(batch.nextCursor).toBe(String(w.emu.mailbox(user).historyId));
    expect(batch.fullSync).toBeUndefined();
    // From the new cursor there is nothing left.
    expect((await w.provider.listChanges(w.ref(user), notification(), batch.nextCursor)).messages).toEqual([]);
  });

  it('a push not past the cursor (duplicate or overtaken) costs no Google call', async () => {
    w = await providerWorld();
    const user = w.users[1];
    const sub = await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    deliverMany(user, 1);
    const calls = w.emu.callCount('history.list', user);
    const batch = await w.provider.listChanges(w.ref(user), notification(sub.cursor!), sub.cursor);
    expect(batch).toEqual({ messages: [], nextCursor: null });
    expect(w.emu.callCount('history.list', user)).toBe(calls);
    // A hint past the cursor does sync.
    const next = await w.provider.listChanges(w.ref(user), notification(String(Number(sub.cursor) + 1)), sub.cursor);
    expect(next.messages).toHaveLength(1);
  });

  it('404 (cursor too old) becomes a bounded full sync of the newest INBOX mail', async () => {
    w = await providerWorld({ provider: { fullSyncLimit: 10 } });
    const user = w.users[1];
    const sub = await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    deliverMany(user, 25);
    w.emu.mailbox(user).trimHistory();
    const lists = w.emu.callCount('messages.list', user);
    const batch = await w.provider.listChanges(w.ref(user), { kind: 'catchup', reason: 'gap' }, sub.cursor);
    expect(batch.fullSync).toBe(true);
    expect(batch.messages).toHaveLength(10);
    expect(w.emu.callCount('messages.list', user) - lists).toBe(1);
    expect(batch.nextCursor).toBe(String(w.emu.mailbox(user).historyId));
  });

  it('stops after maxPages and continues from the last record read', async () => {
    w = await providerWorld({ provider: { maxHistoryPages: 1 } });
    const user = w.users[1];
    const sub = await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    const ids = deliverMany(user, 650);
    const first = await w.provider.listChanges(w.ref(user), notification(), sub.cursor);
    expect(first.messages).toHaveLength(500);
    expect(w.emu.callCount('history.list', user)).toBe(1);
    const second = await w.provider.listChanges(w.ref(user), notification(), first.nextCursor);
    expect(second.messages).toHaveLength(150);
    expect([...first.messages, ...second.messages].map((m) => m.messageId)).toEqual(ids);
  });

  it('skips a poison entry after N failures, records it, and the mailbox moves on', async () => {
    w = await providerWorld({ provider: { poisonLimit: 3 } });
    w.backoff.attempts = 1;
    const user = w.users[1];
    const sub = await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    const [bad] = deliverMany(user, 1);
    w.emu.parts.historyOmitsLabels = true;
    // Every lookup of the bad message fails; the first two syncs fail and keep the cursor.
    w.emu.failNext(user, 'messages.get', Array(10).fill(500));
    for (let i = 0; i < 2; i++) {
      await expect(w.provider.listChanges(w.ref(user), notification(), sub.cursor)).rejects.toMatchObject({ code: 'provider_unavailable' });
    }
    expect(w.provider.poison.skipped).toEqual([]);
    const third = await w.provider.listChanges(w.ref(user), notification(), sub.cursor);
    expect(third.messages).toEqual([]);
    expect(third.skipped).toEqual([{ ref: expect.stringContaining(bad), reason: expect.stringContaining('provider_unavailable'), messageId: bad }]);
    expect(third.nextCursor).toBe(String(w.emu.mailbox(user).historyId));
    expect(w.provider.poison.skipped).toHaveLength(1);
    expect(w.provider.poison.skipped[0].key).toContain(bad);
    // A healthy entry without labels is resolved by one lookup, not skipped.
    w.emu.parts.faults.clear();
    const [good] = deliverMany(user, 1);
    const next = await w.provider.listChanges(w.ref(user), notification(), third.nextCursor);
    expect(next.messages).toEqual([{ messageId: good, direction: 'inbound' }]);
  });

  it('failure counts outlive provider instances (the pipeline rebuilds providers every minute)', async () => {
    w = await providerWorld();
    const user = w.users[2];
    const fresh = () => new GoogleProvider(w.connection, { backoff: { ...countingBackoff(), attempts: 1 } });
    const sub = await fresh().ensureSubscription(w.ref(user), null, 'unused');
    const [bad] = deliverMany(user, 1);
    w.emu.parts.historyOmitsLabels = true;
    w.emu.failNext(user, 'messages.get', Array(10).fill(500));
    for (let i = 0; i < 2; i++) await expect(fresh().listChanges(w.ref(user), notification(), sub.cursor)).rejects.toMatchObject({ code: 'provider_unavailable' });
    const third = await fresh().listChanges(w.ref(user), notification(), sub.cursor);
    expect(third.skipped?.map((x) => x.ref)).toEqual([expect.stringContaining(bad)]);
  });
});
