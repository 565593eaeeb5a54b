import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/errors.ts';
import type { MailboxProvider, MailboxRef, MessageRef } from '../../src/core/provider.ts';

/** Where a message is, as the harness reads it from the provider's (or emulator's) state. */
export type ConformanceLocation = 'inbox' | 'quarantine' | 'junk' | 'trash' | 'gone' | 'hold';

/** What a connector gives the shared suite: a provider wired to a mailbox it can deliver into and inspect. */
export interface ProviderHarness {
  provider: MailboxProvider;
  mailbox: MailboxRef;
  /** Deliver a raw RFC 5322 message into the mailbox as the provider would; returns its provider id. */
  deliver(raw: Uint8Array): Promise<string>;
  location(messageId: string): Promise<ConformanceLocation>;
  close(): Promise<void>;
}

/** A small but valid message; `tag` keeps each one unique. */
export function conformanceMessage(tag: string, bodyBytes = 200): Uint8Array {
  const body = 'x'.repeat(bodyBytes);
  return new TextEncoder().encode(
    `From: Sender <sender@example.org>\r\nTo: user@example.com\r\nSubject: conformance ${tag}\r\n` +
      `Message-ID: <${tag}@example.org>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected an AppError ${code}`).not.toBeNull();
  expect(isAppError(err) ? err.code : String(err)).toBe(code);
}

/**
 * The shared provider conformance suite. Every connector runs it against its emulator; the memory provider
 * runs it in-process. It checks behaviour the pipeline relies on, not any provider's wire format.
 */
export function describeProviderConformance(name: string, makeHarness: () => Promise<ProviderHarness>): void {
  describe(`provider conformance: ${name}`, () => {
    let h: ProviderHarness;
    let n = 0;
    const ref = (messageId: string): MessageRef => ({ mailbox: h.mailbox, messageId, direction: 'inbound' });
    const deliver = () => h.deliver(conformanceMessage(`${name}-${Date.now()}-${n++}`));

    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('listChanges finds a delivered message by notification id and by cursor', async () => {
      const start = await h.provider.listChanges(h.mailbox, { kind: 'catchup', reason: 'conformance start' }, null);
      const id = await deliver();
      const byId = await h.provider.listChanges(h.mailbox, { kind: 'notification', messageIds: [id] }, start.nextCursor);
      const byCursor = await h.provider.listChanges(h.mailbox, { kind: 'catchup', reason: 'conformance' }, start.nextCursor);
      const ids = [...byId.messages, ...byCursor.messages].map((m) => m.messageId);
      expect(ids).toContain(id);
      expect(byCursor.messages.filter((m) => m.messageId === id).every((m) => m.direction === 'inbound')).toBe(true);
    });

    it('fetchRaw returns the delivered bytes and refuses past maxBytes with limit_exceeded', async () => {
      const raw = conformanceMessage(`${name}-big-${Date.now()}`, 5000);
      const id = await h.deliver(raw);
      const got = await h.provider.fetchRaw(ref(id), { maxBytes: 1_000_000 });
      expect(new TextDecoder().decode(got)).toContain('Subject: conformance');
      expect(got.byteLength).toBeGreaterThanOrEqual(5000);
      await expectCode(h.provider.fetchRaw(ref(id), { maxBytes: 1000 }), 'limit_exceeded');
    });

    it('fetchRaw of an unknown message is not_found', async () => {
      await expectCode(h.provider.fetchRaw(ref('does-not-exist-0000'), { maxBytes: 1_000_000 }), 'not_found');
    });

    it('remediate is idempotent: a replay reports changed:false and the state holds', async () => {
      const id = await deliver();
      expect(await h.location(id)).toBe('inbox');
      const first = await h.provider.remediate(ref(id), 'quarantine');
      expect(first.changed).toBe(true);
      const movedId = first.messageId ?? id;
      expect(await h.location(movedId)).toBe('quarantine');
      const replay = await h.provider.remediate(ref(movedId), 'quarantine');
      expect(replay.changed).toBe(false);
      expect(await h.location(movedId)).toBe('quarantine');
    });

    it('junk then release puts the message back in the inbox, and a second release changes nothing', async () => {
      const id = await deliver();
      const junk = await h.provider.remediate(ref(id), 'junk');
      const junkId = junk.messageId ?? id;
      expect(await h.location(junkId)).toBe('junk');
      const released = await h.provider.remediate(ref(junkId), 'release');
      const backId = released.messageId ?? junkId;
      expect(released.changed).toBe(true);
      expect(await h.location(backId)).toBe('inbox');
      expect((await h.provider.remediate(ref(backId), 'release')).changed).toBe(false);
    });

    it('tag leaves the message in place and is idempotent', async () => {
      const id = await deliver();
      expect((await h.provider.remediate(ref(id), 'tag', { tag: 'MailWarden-test' })).changed).toBe(true);
      expect((await h.provider.remediate(ref(id), 'tag', { tag: 'MailWarden-test' })).changed).toBe(false);
      expect(await h.location(id)).toBe('inbox');
    });

    it('purge removes the message, a replay is a no-op, and restoreRaw brings the bytes back', async () => {
      const raw = conformanceMessage(`${name}-purge-${Date.now()}`);
      const id = await h.deliver(raw);
      expect((await h.provider.remediate(ref(id), 'purge')).changed).toBe(true);
      expect(await h.location(id)).toBe('gone');
      expect((await h.provider.remediate(ref(id), 'purge')).changed).toBe(false);
      const restored = await h.provider.restoreRaw(h.mailbox, raw);
      expect(await h.location(restored)).toBe('inbox');
      const back = await h.provider.fetchRaw(ref(restored), { maxBytes: 1_000_000 });
      expect(new TextDecoder().decode(back)).toContain(`${name}-purge-`);
    });

    it('hold: listHeld finds held mail received before the bound; hold_release moves it once; a threat quarantined from the hold stays there', async () => {
      await h.provider.installHold(h.mailbox, true);
      try {
        const clean = await deliver();
        const threat = await deliver();
        expect(await h.location(clean)).toBe('hold');
        const early = await h.provider.listHeld(h.mailbox, new Date(Date.now() - 3_600_000), 100);
        expect(early.map((m) => m.messageId)).not.toContain(clean);
        const held = await h.provider.listHeld(h.mailbox, new Date(Date.now() + 5_000), 100);
        expect(held.map((m) => m.messageId)).toEqual(expect.arrayContaining([clean, threat]));
        expect(held.every((m) => m.receivedAt instanceof Date && m.receivedAt.getTime() > Date.now() - 3_600_000)).toBe(true);
        const q = await h.provider.remediate(ref(threat), 'quarantine');
        const quarantined = q.messageId ?? threat;
        expect(await h.location(quarantined)).toBe('quarantine');
        // the scheduler's fail-open release racing a quarantine must not put the threat back
        await expectCode(h.provider.remediate(ref(quarantined), 'hold_release'), 'conflict');
        expect(await h.location(quarantined)).toBe('quarantine');
        const released = await h.provider.remediate(ref(clean), 'hold_release');
        expect(released.changed).toBe(true);
        const inInbox = released.messageId ?? clean;
        expect(await h.location(inInbox)).toBe('inbox');
        expect((await h.provider.remediate(ref(inInbox), 'hold_release')).changed).toBe(false);
        const after = (await h.provider.listHeld(h.mailbox, new Date(Date.now() + 5_000), 100)).map((m) => m.messageId);
        for (const id of [clean, threat, inInbox, quarantined]) expect(after).not.toContain(id);
      } finally {
        await h.provider.installHold(h.mailbox, false);
      }
    });

    it('installHold is idempotent both ways', async () => {
      await h.provider.installHold(h.mailbox, true);
      await h.provider.installHold(h.mailbox, true);
      await h.provider.installHold(h.mailbox, false);
      await h.provider.installHold(h.mailbox, false);
      const id = await deliver();
      expect(await h.location(id)).toBe('inbox');
    });
  });
}
