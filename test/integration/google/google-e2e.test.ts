import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { TOPIC } from '../../emulators/google/google-world.ts';
import { signJwt } from '../../emulators/google/oidc-signer.ts';
import { waitFor } from '../../emulators/google/push-receiver.ts';
import { testMessage, verdictFromSubject } from '../../helpers/verdict-detector.ts';
import { PUSH_AUDIENCE, PUSHER, startGoogleService, waitUntil, type GoogleService } from './google-service.ts';

describe('Google Workspace end to end: emulator ⇄ real clients ⇄ service', () => {
  let s: GoogleService;
  const delivered: { address: string; id: string; phishing: boolean }[] = [];
  let n = 0;

  const deliver = (address: string, phishing: boolean) => {
    const id = s.w.emu.deliver([address], Buffer.from(testMessage(phishing ? 'phishing' : 'clean', n++)))[address];
    delivered.push({ address, id, phishing });
    return id;
  };
  const labelsOf = (address: string, id: string) => [...s.w.emu.mailbox(address).get(id).labelIds];
  const quarantineLabel = (address: string) => s.w.emu.mailbox(address).labels.list().find((l) => l.name === 'MailWarden/Quarantine')!.id;
  const allVerdicts = async (list: typeof delivered) => (await Promise.all(list.map((d) => s.rt.store.messages.verdict(s.messageKey(d.address, d.id))))).every(Boolean);

  beforeAll(async () => {
    // The subject names the verdict, so each message's expected action is known whatever the detectors think.
    const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
    s = await startGoogleService({ engine, userCount: 5, env: { CATCHUP_AFTER_MS: '0' } });
  });
  afterAll(() => s?.close());

  it('install: delegation verified, users enumerated, labels made, a watch on INBOX+SENT+hold per mailbox, cursor recorded', async () => {
    const report = await s.install();
    const { w, rt } = s;
    expect(report).toMatchObject({ status: 'ready', missingScopes: [], mailboxes: { total: w.users.length, watched: w.users.length, skipped: [] } });
    for (const address of w.users) {
      // the hidden hold label too: mail the inline hold keeps out of INBOX must still be pushed
      const hold = w.emu.mailbox(address).labels.list().find((l) => l.name === 'MailWarden/Hold')!.id;
      expect(w.emu.watches.watches.get(address)).toMatchObject({ topicName: TOPIC, labelIds: ['INBOX', 'SENT', hold] });
      expect((await rt.store.cursors.get(s.tenantId(), address)).cursor).toBe(String(w.emu.mailbox(address).historyId));
      expect(quarantineLabel(address)).toBeDefined();
    }
    // The immediate notification of each watch arrives and finds nothing to scan.
    await waitFor(() => w.emu.pubsub.stats.acked >= w.users.length, 30_000);
    await s.drained();
    expect(await rt.store.messages.countVerdicts(s.tenantId())).toEqual({});
  });

  it('phishing delivered → push → verdict → quarantined; a clean message keeps INBOX', async () => {
    const [, user, other] = s.w.users;
    const phish = deliver(user, true);
    const clean = deliver(other, false);
    await waitUntil(() => allVerdicts(delivered));
    await s.drained();
    expect((await s.rt.store.messages.verdict(s.messageKey(user, phish)))?.verdict.verdict).toBe('phishing');
    expect(labelsOf(user, phish)).toContain(quarantineLabel(user));
    expect(labelsOf(user, phish)).not.toContain('INBOX');
    expect((await s.rt.store.messages.verdict(s.messageKey(other, clean)))?.verdict.verdict).toBe('clean');
    expect(labelsOf(other, clean)).toContain('INBOX');
  });

  it('a forged push naming a real mailbox is refused and scans nothing', async () => {
    const before = (await s.rt.queues.notifications.counts()).completed;
    const now = Math.floor(Date.now() / 1000);
    const forged = signJwt(
      { alg: 'RS256', kid: s.w.emu.signer.kid },
      { iss: 'https://accounts.google.com', aud: PUSH_AUDIENCE, email: PUSHER, email_verified: true, sub: '1', iat: now, exp: now + 3600 },
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    );
    const res = await fetch(`${s.appUrl}/webhooks/google`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify({ message: { data: Buffer.from(JSON.stringify({ emailAddress: s.w.users[1], historyId: 999999 })).toString('base64'), messageId: '1' }, subscription: 'x' }),
    });
    expect(res.status).toBe(401);
    await s.drained();
    expect((await s.rt.queues.notifications.counts()).completed).toBe(before);
  });

  it('pushes dropped, duplicated and reordered: every delivered message still gets exactly one verdict', async () => {
    const { w, rt } = s;
    const start = delivered.length;
    w.emu.pubsub.faults({ drop: 3, duplicate: 3, reorder: true });
    for (let i = 0; i < 24; i++) {
      deliver(w.users[i % w.users.length], i % 2 === 0);
      if (i % 6 === 5) await new Promise((r) => setTimeout(r, 1100)); // let each mailbox's once-a-second push go out
    }
    await new Promise((r) => setTimeout(r, 1100));
    w.emu.pubsub.faults({ reorder: false });
    await s.drained();
    expect(w.emu.pubsub.stats.dropped).toBe(3);
    expect(w.emu.pubsub.stats.duplicated).toBe(3);
    // The polling fallback (the scheduler's catch-up) picks up whatever a dropped push hid.
    await rt.queues.maintenance.add({ task: 'catch-up', slot: 1 }, ids.maintenance('catch-up', 1));
    await waitUntil(() => allVerdicts(delivered.slice(start)));
    await s.drained();
    const counts = await rt.store.messages.countVerdicts(s.tenantId());
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(delivered.length);
    for (const d of delivered) {
      const actions = await rt.store.actions.forMessage(s.messageKey(d.address, d.id));
      expect(actions.map((a) => `${a.action}:${a.status}`)).toEqual(d.phishing ? ['quarantine:done'] : []);
      expect(labelsOf(d.address, d.id).includes('INBOX')).toBe(!d.phishing);
    }
  });

  it('a history entry that keeps failing is skipped after three tries and recorded as skipped, and the mailbox moves on', async () => {
    const { w, rt } = s;
    const user = w.users[4];
    w.emu.parts.historyOmitsLabels = true;
    w.emu.failNext(user, 'messages.get', Array(200).fill(500));
    const bad = w.emu.deliver([user], Buffer.from(testMessage('clean', n++)))[user];
    try {
      await waitUntil(async () => (await rt.store.messages.get(s.messageKey(user, bad)))?.status === 'skipped', 60_000);
    } finally {
      w.emu.parts.historyOmitsLabels = false;
      w.emu.parts.faults.clear();
    }
    expect((await rt.store.messages.get(s.messageKey(user, bad)))?.last_error).toMatch(/given up after repeated failures: .*provider_unavailable/);
    // The cursor moved past the poison entry: the next message of the mailbox is scanned.
    const next = deliver(user, false);
    await waitUntil(async () => Boolean(await rt.store.messages.verdict(s.messageKey(user, next))));
    await s.drained();
  });

  it('the scheduler renews a watch nearing expiry: same channel id, new 7-day expiry', async () => {
    const user = s.w.users[3];
    const tenantId = s.tenantId();
    const sub = (await s.rt.store.subscriptions.forMailbox(tenantId, user))!;
    await s.rt.store.subscriptions.save('google', tenantId, user, { id: sub.id, expiresAt: new Date(Date.now() + 3600_000), secret: null });
    const watches = s.w.emu.callCount('watch', user);
    await s.rt.queues.maintenance.add({ task: 'renew-subscriptions', slot: 2 }, ids.maintenance('renew-subscriptions', 2));
    await waitUntil(async () => s.w.emu.callCount('watch', user) === watches + 1);
    await s.drained();
    const renewed = (await s.rt.store.subscriptions.forMailbox(tenantId, user))!;
    expect(renewed.id).toBe(sub.id);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 24 * 3600_000 - 120_000);
    for (const other of s.w.users.filter((u) => u !== user)) expect(s.w.emu.callCount('watch', other)).toBe(1);
  });
});
