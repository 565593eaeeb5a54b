import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@microsoft/microsoft-graph-client';
import { BatchRequestContent, BatchResponseContent } from '@microsoft/microsoft-graph-client';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant, mime, type TestTenant } from '../../../emulators/m365/test-tenant.ts';
import { rejection, sdkFor } from './sdk.ts';

const IMM = { Prefer: 'IdType="ImmutableId"' };

describe('m365 emulator: mail through the Graph SDK', () => {
  let emu: M365Emulator;
  let t: TestTenant;
  let client: Client;
  let u: string;
  beforeAll(async () => {
    emu = await startM365Emulator();
    t = createTestTenant(emu, { users: 25 });
    client = sdkFor(t.connection).client;
    u = t.users[0].id;
  });
  afterAll(async () => emu.close());

  it('pages /users with @odata.nextLink', async () => {
    const first = await client.api('/users').top(10).get();
    expect(first.value).toHaveLength(10);
    const second = await client.api(first['@odata.nextLink']).get();
    const third = await client.api(second['@odata.nextLink']).get();
    expect(third.value).toHaveLength(5);
    expect(third['@odata.nextLink']).toBeUndefined();
  });

  it('lists hidden folders only with includeHiddenFolders', async () => {
    await client.api(`/users/${u}/mailFolders`).post({ displayName: 'Secret', isHidden: true });
    const plain = await client.api(`/users/${u}/mailFolders`).top(50).get();
    const all = await client.api(`/users/${u}/mailFolders`).query({ includeHiddenFolders: 'true' }).top(50).get();
    expect(plain.value.map((f: { displayName: string }) => f.displayName)).not.toContain('Secret');
    expect(all.value.map((f: { displayName: string }) => f.displayName)).toContain('Secret');
    const dup = await rejection(client.api(`/users/${u}/mailFolders`).post({ displayName: 'Secret', isHidden: true }));
    expect(dup.code).toBe('ErrorFolderExists');
  });

  it('serves $value MIME and $select', async () => {
    const raw = mime({ to: t.users[0].mail, subject: 'hello value' });
    const msg = emu.control.deliver(u, raw);
    const got = await client.api(`/users/${u}/messages/${msg.restId}/$value`).getStream();
    const chunks: Buffer[] = [];
    for await (const c of got as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString()).toBe(raw);
    const sel = await client.api(`/users/${u}/messages/${msg.restId}`).select('subject').get();
    expect(sel).toEqual(expect.objectContaining({ id: msg.restId, subject: 'hello value' }));
    expect(sel.from).toBeUndefined();
  });

  it('move gives a new REST id (old one 404s) unless Prefer IdType="ImmutableId"', async () => {
    const msg = emu.control.deliver(u, mime({ to: t.users[0].mail, subject: 'move me' }));
    const oldRest = msg.restId;
    const moved = await client.api(`/users/${u}/messages/${oldRest}/move`).post({ destinationId: 'junkemail' });
    expect(moved.id).not.toBe(oldRest);
    const gone = await rejection(client.api(`/users/${u}/messages/${oldRest}`).get());
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe('ErrorItemNotFound');
    const again = await client.api(`/users/${u}/messages/${moved.id}/move`).headers(IMM).post({ destinationId: 'inbox' });
    expect(again.id).toBe(msg.immutableId);
    expect((await client.api(`/users/${u}/messages/${msg.immutableId}`).headers(IMM).get()).id).toBe(msg.immutableId);
  });

  it('PATCH categories, DELETE (soft, to Recoverable Items) and permanentDelete', async () => {
    const msg = emu.control.deliver(u, mime({ to: t.users[0].mail, subject: 'delete me' }));
    const patched = await client.api(`/users/${u}/messages/${msg.immutableId}`).patch({ categories: ['Red'] });
    expect(patched.categories).toEqual(['Red']);
    await client.api(`/users/${u}/messages/${msg.immutableId}`).delete();
    expect(emu.control.folderOf(msg.immutableId)).toBe('recoverableitemsdeletions');
    await client.api(`/users/${u}/messages/${msg.immutableId}/permanentDelete`).post({});
    expect(emu.control.folderOf(msg.immutableId)).toBeNull();
    expect((await rejection(client.api(`/users/${u}/messages/${msg.immutableId}/permanentDelete`).post({}))).statusCode).toBe(404);
  });

  it('sendMail delivers to the recipient mailbox and keeps a copy in Sent Items', async () => {
    const to = t.users[1];
    await client.api(`/users/${u}/sendMail`).post({ message: { subject: 'alert!', body: { contentType: 'Text', content: 'x' }, toRecipients: [{ emailAddress: { address: to.mail } }] } });
    const inbox = await client.api(`/users/${to.id}/mailFolders/inbox/messages`).get();
    expect(inbox.value.map((m: { subject: string }) => m.subject)).toContain('alert!');
    const sent = await client.api(`/users/${u}/mailFolders('sentitems')/messages`).get();
    expect(sent.value.map((m: { subject: string }) => m.subject)).toContain('alert!');
  });

  it('applies inbox messageRules on delivery, not to mail that does not match', async () => {
    const box = t.users[2].id;
    const folder = await client.api(`/users/${box}/mailFolders`).post({ displayName: 'Invoices' });
    await client.api(`/users/${box}/mailFolders/inbox/messageRules`).post({ displayName: 'invoices', sequence: 1, isEnabled: true, conditions: { subjectContains: ['invoice'] }, actions: { moveToFolder: folder.id, assignCategories: ['Billing'] } });
    const hit = emu.control.deliver(box, mime({ to: t.users[2].mail, subject: 'Your Invoice 42' }));
    const miss = emu.control.deliver(box, mime({ to: t.users[2].mail, subject: 'lunch?' }));
    expect(emu.control.folderOf(hit.immutableId)).toBe('Invoices');
    expect(hit.categories).toEqual(['Billing']);
    expect(emu.control.folderOf(miss.immutableId)).toBe('inbox');
  });

  it('delta per folder: pages, deltaLink, changes since, @removed, expired token → 410 SyncStateNotFound', async () => {
    const box = t.users[3].id;
    for (let i = 0; i < 5; i++) emu.control.deliver(box, mime({ to: 'x@y', subject: `d${i}` }));
    const pref = { Prefer: 'IdType="ImmutableId", odata.maxpagesize=2' };
    let page = await client.api(`/users/${box}/mailFolders/inbox/messages/delta`).headers(pref).get();
    const seen: string[] = page.value.map((m: { id: string }) => m.id);
    let pages = 1;
    while (page['@odata.nextLink']) {
      page = await client.api(page['@odata.nextLink']).headers(pref).get();
      seen.push(...page.value.map((m: { id: string }) => m.id));
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    const deltaLink: string = page['@odata.deltaLink'];
    const added = emu.control.deliver(box, mime({ to: 'x@y', subject: 'new' }));
    const movedAway = emu.store.resolveMessage(box, seen[0])!;
    emu.store.move(movedAway, emu.store.wellKnown(box, 'junkemail'));
    const changes = await client.api(deltaLink).headers(pref).get();
    expect(changes.value).toEqual(expect.arrayContaining([expect.objectContaining({ id: added.immutableId }), expect.objectContaining({ id: seen[0], '@removed': { reason: 'deleted' } })]));
    expect(changes.value).toHaveLength(2);
    emu.control.expireDeltaTokens();
    const expired = await rejection(client.api(changes['@odata.deltaLink']).get());
    expect(expired.statusCode).toBe(410);
    expect(expired.code).toBe('SyncStateNotFound');
  });

  it('delta tokens also expire by age', async () => {
    const box = t.users[7].id;
    const first = await client.api(`/users/${box}/mailFolders/inbox/messages/delta`).get();
    const ttl = emu.delta.tokenTtlMs;
    emu.delta.tokenTtlMs = -1;
    try {
      expect((await rejection(client.api(first['@odata.deltaLink']).get())).statusCode).toBe(410);
    } finally {
      emu.delta.tokenTtlMs = ttl;
    }
    const again = await client.api(`/users/${box}/mailFolders/inbox/messages/delta`).get();
    expect((await client.api(again['@odata.deltaLink']).get()).value).toEqual([]);
  });

  it('$batch runs up to 20 requests and refuses 21', async () => {
    const ids = Array.from({ length: 3 }, (_, i) => emu.control.deliver(u, mime({ to: 'x@y', subject: `b${i}` })).immutableId);
    const content = new BatchRequestContent(ids.map((id, n) => ({ id: String(n), request: new Request(`https://graph.invalid/users/${u}/messages/${id}?$select=subject`, { headers: IMM }) })));
    const res = new BatchResponseContent(await client.api('/$batch').post(await content.getContent()));
    expect(((await res.getResponseById('2').json()) as { subject: string }).subject).toBe('b2');
    const tooMany = { requests: Array.from({ length: 21 }, (_, n) => ({ id: String(n), method: 'GET', url: `/users/${u}` })) };
    expect((await rejection(client.api('/$batch').post(tooMany))).statusCode).toBe(400);
  });

  it('mailbox states: MailboxNotEnabledForRESTAPI and an access-policy denial', async () => {
    const [a, b] = [t.users[4], t.users[5]];
    a.mailboxEnabled = false;
    b.accessDenied = true;
    const e1 = await rejection(client.api(`/users/${a.id}/messages`).get());
    expect([e1.statusCode, e1.code]).toEqual([404, 'MailboxNotEnabledForRESTAPI']);
    const e2 = await rejection(client.api(`/users/${b.id}/messages`).get());
    expect([e2.statusCode, e2.code]).toEqual([403, 'ErrorAccessDenied']);
    expect((await client.api(`/users/${t.users[6].id}/messages`).get()).value).toEqual([]);
  });

  it('throttles past 4 concurrent requests per app and mailbox with 429 + Retry-After, and counts the peak', async () => {
    const slow = await startM365Emulator({ latencyMs: 400 });
    try {
      const s = createTestTenant(slow, { users: 2 });
      const c = sdkFor(s.connection).client;
      const box = s.users[0].id;
      await c.api(`/users/${s.users[1].id}`).get(); // token and connection warm
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => c.api(`/users/${box}/messages`).get()));
      const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
      // how many overlap depends on the machine; at least one must have found four in flight
      expect(rejected.length).toBeGreaterThanOrEqual(1);
      expect(rejected.length).toBeLessThanOrEqual(4);
      expect(rejected.every((e) => e.statusCode === 429 && e.code === 'ApplicationThrottled' && e.headers.get('retry-after') === '1')).toBe(true);
      expect(slow.throttle.peak(`${s.app.appId}|${box}`)).toBe(4 + 1);
      // another mailbox of the same app has its own budget
      const other = await Promise.allSettled(Array.from({ length: 4 }, () => c.api(`/users/${s.users[1].id}/messages`).get()));
      expect(other.every((r) => r.status === 'fulfilled')).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('throttles past the per-window request count', async () => {
    const small = await startM365Emulator({ throttle: { maxPerWindow: 3 } });
    try {
      const s = createTestTenant(small, { users: 1 });
      const c = sdkFor(s.connection).client;
      for (let i = 0; i < 3; i++) await c.api(`/users/${s.users[0].id}/messages`).get();
      const err = await rejection(c.api(`/users/${s.users[0].id}/messages`).get());
      expect(err.statusCode).toBe(429);
      expect(Number((err.headers as Headers).get('retry-after'))).toBeGreaterThan(1);
    } finally {
      await small.close();
    }
  });
});
