import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, gmailAs } from './gmail-client.ts';
import { rawMail, startGoogleWorld, type GoogleWorld } from './google-world.ts';

let w: GoogleWorld;
let bob: string;
let carol: string;
beforeAll(async () => {
  w = await startGoogleWorld({ userCount: 2 });
  [, bob, carol] = w.users;
  // These tests fire many calls per second at one user; quota itself is tested in quota-pubsub.test.ts.
  w.emu.quota.unitsPerSecond = 1_000_000;
  w.emu.grantDelegation(w.domain, w.sa.client_id, [
    'https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.modify', 'https://www.googleapis.com/auth/gmail.settings.basic',
    'https://www.googleapis.com/auth/admin.directory.user.readonly',
  ]);
});
afterAll(() => w.emu.close());

const deliver = (to: string, subject = 'Quarterly report', body?: string) => w.emu.deliver([to], rawMail({ to, subject, body }))[to];

describe('Gmail messages', () => {
  it('get answers raw (exact bytes), full (MIME tree) and metadata (chosen headers only)', async () => {
    const gmail = gmailAs(w, bob);
    const raw = rawMail({ to: bob, subject: 'Formats' });
    const id = w.emu.deliver([bob], raw)[bob];
    const r = await gmail.users.messages.get({ userId: 'me', id, format: 'raw' });
    expect(Buffer.from(r.data.raw!, 'base64url').equals(raw)).toBe(true);
    expect(r.data.labelIds).toEqual(expect.arrayContaining(['INBOX', 'UNREAD']));
    const full = await gmail.users.messages.get({ userId: 'me', id, format: 'full' });
    expect(full.data.payload?.mimeType).toBe('text/plain');
    expect(full.data.raw).toBeUndefined();
    const meta = await gmail.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: ['Subject'] });
    expect(meta.data.payload?.headers).toEqual([{ name: 'Subject', value: 'Formats' }]);
  });

  it('modify changes labels and a replay records no history', async () => {
    const gmail = gmailAs(w, bob);
    const id = deliver(bob);
    await gmail.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: ['STARRED'], removeLabelIds: ['INBOX'] } });
    const after = w.emu.mailbox(bob).historyId;
    const again = await gmail.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: ['STARRED'], removeLabelIds: ['INBOX'] } });
    expect(again.data.labelIds).toEqual(expect.arrayContaining(['STARRED']));
    expect(again.data.labelIds).not.toContain('INBOX');
    expect(w.emu.mailbox(bob).historyId).toBe(after);
  });

  it('batchModify takes 1000 ids and refuses 1001', async () => {
    const gmail = gmailAs(w, bob);
    const ids = [deliver(bob), deliver(bob)];
    const filler = Array.from({ length: 998 }, (_, i) => `ffff${String(i).padStart(12, '0')}`);
    await gmail.users.messages.batchModify({ userId: 'me', requestBody: { ids: [...ids, ...filler], addLabelIds: ['IMPORTANT'] } });
    for (const id of ids) expect(w.emu.mailbox(bob).get(id).labelIds.has('IMPORTANT')).toBe(true);
    expect(await failure(gmail.users.messages.batchModify({ userId: 'me', requestBody: { ids: [...ids, ...filler, 'one-more'], addLabelIds: ['IMPORTANT'] } })))
      .toEqual({ status: 400, reason: 'invalidArgument' });
  });

  it('trash and untrash toggle TRASH and keep INBOX for the way back', async () => {
    const gmail = gmailAs(w, bob);
    const id = deliver(bob);
    expect((await gmail.users.messages.trash({ userId: 'me', id })).data.labelIds).toContain('TRASH');
    const back = await gmail.users.messages.untrash({ userId: 'me', id });
    expect(back.data.labelIds).not.toContain('TRASH');
    expect(back.data.labelIds).toContain('INBOX');
  });

  it('delete needs https://mail.google.com/ — gmail.modify is refused with insufficientPermissions', async () => {
    const id = deliver(bob);
    const modifyOnly = gmailAs(w, bob, ['https://www.googleapis.com/auth/gmail.modify']);
    expect(await failure(modifyOnly.users.messages.delete({ userId: 'me', id }))).toEqual({ status: 403, reason: 'insufficientPermissions' });
    expect(w.emu.mailbox(bob).messages.has(id)).toBe(true);
    await gmailAs(w, bob).users.messages.delete({ userId: 'me', id });
    expect(w.emu.mailbox(bob).messages.has(id)).toBe(false);
    expect(await failure(gmailAs(w, bob).users.messages.get({ userId: 'me', id }))).toEqual({ status: 404, reason: 'notFound' });
  });

  it('insert and import store the bytes with the given labels and run no filters', async () => {
    const gmail = gmailAs(w, bob);
    const label = (await gmail.users.labels.create({ userId: 'me', requestBody: { name: 'Filtered' } })).data.id!;
    await gmail.users.settings.filters.create({ userId: 'me', requestBody: { criteria: { subject: 'invoice' }, action: { addLabelIds: [label], removeLabelIds: ['INBOX'] } } });
    const raw = rawMail({ to: bob, subject: 'invoice 42' }).toString('base64url');
    const ins = await gmail.users.messages.insert({ userId: 'me', requestBody: { raw, labelIds: ['INBOX'] } });
    expect(ins.data.labelIds).toEqual(['INBOX']);
    const imp = await gmail.users.messages.import({ userId: 'me', requestBody: { raw } });
    expect(imp.data.labelIds).toEqual(expect.arrayContaining(['INBOX']));
    // The same subject delivered by SMTP is filtered; a look-alike subject is not.
    const filtered = w.emu.mailbox(bob).get(deliver(bob, 'Invoice 43'));
    expect([...filtered.labelIds]).toEqual(expect.arrayContaining([label]));
    expect(filtered.labelIds.has('INBOX')).toBe(false);
    expect(w.emu.mailbox(bob).get(deliver(bob, 'In voice memo')).labelIds.has('INBOX')).toBe(true);
  });

  it('send keeps a SENT copy for the sender and delivers to an in-domain recipient\'s INBOX', async () => {
    const before = w.emu.mailbox(carol).messages.size;
    const sent = await gmailAs(w, bob).users.messages.send({ userId: 'me', requestBody: { raw: rawMail({ from: bob, to: carol, subject: 'lunch' }).toString('base64url') } });
    expect(sent.data.labelIds).toEqual(['SENT']);
    expect(w.emu.mailbox(carol).messages.size).toBe(before + 1);
    const got = [...w.emu.mailbox(carol).messages.values()].pop()!;
    expect(got.labelIds.has('INBOX')).toBe(true);
  });
});

describe('Gmail labels and filters', () => {
  it('creates a hidden label with the asked visibility and refuses a duplicate name with 409', async () => {
    const gmail = gmailAs(w, carol);
    const created = await gmail.users.labels.create({ userId: 'me', requestBody: { name: 'MailWarden/Quarantine', labelListVisibility: 'labelHide', messageListVisibility: 'hide' } });
    expect(created.data).toMatchObject({ name: 'MailWarden/Quarantine', type: 'user', labelListVisibility: 'labelHide', messageListVisibility: 'hide' });
    expect(await failure(gmail.users.labels.create({ userId: 'me', requestBody: { name: 'mailwarden/quarantine' } }))).toEqual({ status: 409, reason: 'duplicate' });
    const list = await gmail.users.labels.list({ userId: 'me' });
    expect(list.data.labels?.map((l) => l.id)).toEqual(expect.arrayContaining(['INBOX', 'SPAM', 'TRASH', 'SENT', created.data.id]));
  });

  it('filters need gmail.settings.basic', async () => {
    const modifyOnly = gmailAs(w, carol, ['https://www.googleapis.com/auth/gmail.modify']);
    expect(await failure(modifyOnly.users.settings.filters.create({ userId: 'me', requestBody: { criteria: { from: 'x' }, action: { addLabelIds: ['STARRED'] } } })))
      .toEqual({ status: 403, reason: 'insufficientPermissions' });
  });
});
