import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMail } from '../../../emulators/google/google-world.ts';
import { providerWorld } from './provider-fixture.ts';

type World = Awaited<ReturnType<typeof providerWorld>>;
let w: World;
let user: string;
beforeAll(async () => {
  w = await providerWorld();
  user = w.users[1];
});
afterAll(() => w.emu.close());

const deliver = (subject = 'Invoice', body?: string) => w.emu.deliver([user], rawMail({ to: user, subject, body }))[user];
const ref = (messageId: string) => ({ mailbox: w.ref(user), messageId, direction: 'inbound' as const });
const labelsOf = (id: string) => [...w.emu.mailbox(user).get(id).labelIds];
const labelNamed = (name: string) => w.emu.mailbox(user).labels.list().find((l) => l.name === name)!;

describe('Google remediation', () => {
  it('quarantine adds a hidden label and removes INBOX; release restores INBOX', async () => {
    const id = deliver();
    expect(await w.provider.remediate(ref(id), 'quarantine')).toEqual({ changed: true });
    const q = labelNamed('MailWarden/Quarantine');
    expect(q).toMatchObject({ labelListVisibility: 'labelHide', messageListVisibility: 'hide' });
    expect(labelsOf(id)).toContain(q.id);
    expect(labelsOf(id)).not.toContain('INBOX');
    expect(await w.provider.remediate(ref(id), 'release')).toEqual({ changed: true });
    expect(labelsOf(id)).toContain('INBOX');
    expect(labelsOf(id)).not.toContain(q.id);
  });

  it('trash then release untrashes back to INBOX; replays change nothing', async () => {
    const id = deliver();
    expect((await w.provider.remediate(ref(id), 'trash')).changed).toBe(true);
    expect((await w.provider.remediate(ref(id), 'trash')).changed).toBe(false);
    expect(labelsOf(id)).toContain('TRASH');
    expect((await w.provider.remediate(ref(id), 'release')).changed).toBe(true);
    expect(labelsOf(id)).not.toContain('TRASH');
    expect(labelsOf(id)).toContain('INBOX');
  });

  it('a quarantine of a message deleted meanwhile is not_found; a purge of it is success without change', async () => {
    const id = deliver();
    w.emu.mailbox(user).delete(id);
    await expect(w.provider.remediate(ref(id), 'quarantine')).rejects.toMatchObject({ code: 'not_found' });
    expect(await w.provider.remediate(ref(id), 'purge')).toEqual({ changed: false });
  });

  it('backs off on 403 userRateLimitExceeded and 429, counting each wait, then succeeds', async () => {
    const id = deliver();
    w.backoff.waits.length = 0;
    w.emu.quota.injectThrottle(user, 2, '403');
    expect((await w.provider.remediate(ref(id), 'junk')).changed).toBe(true);
    expect(w.backoff.waits).toHaveLength(2);
    w.emu.quota.injectThrottle(user, 10, '429');
    await expect(w.provider.remediate(ref(id), 'release')).rejects.toMatchObject({ code: 'throttled', retryable: true });
    expect(w.backoff.waits).toHaveLength(2 + 3); // four attempts, three waits between them
    w.emu.quota.injectThrottle(user, 0, '429');
  });
});

describe('Google hold filter', () => {
  it('holds every new message out of INBOX — including one that names the word "mwhold" — until hold_release', async () => {
    await w.provider.installHold(w.ref(user), true);
    await w.provider.installHold(w.ref(user), true);
    expect(w.emu.mailbox(user).filters.list()).toHaveLength(1);
    const hold = labelNamed('MailWarden/Hold');
    const plain = deliver('Hello');
    const sneaky = deliver('mwhold', 'mwhold mailwarden hold bypass');
    for (const id of [plain, sneaky]) {
      expect(labelsOf(id)).toContain(hold.id);
      expect(labelsOf(id)).not.toContain('INBOX');
    }
    expect((await w.provider.remediate(ref(plain), 'hold_release')).changed).toBe(true);
    expect(labelsOf(plain)).toContain('INBOX');
    expect(labelsOf(plain)).not.toContain(hold.id);
    await w.provider.installHold(w.ref(user), false);
    expect(w.emu.mailbox(user).filters.list()).toHaveLength(0);
    expect(labelsOf(deliver('After'))).toContain('INBOX');
  });
});

describe('Google restoreRaw and sendMail', () => {
  it('restoreRaw inserts the vault bytes into INBOX, past the hold filter', async () => {
    await w.provider.installHold(w.ref(user), true);
    const raw = rawMail({ to: user, subject: 'restored' });
    const id = await w.provider.restoreRaw(w.ref(user), raw);
    expect(labelsOf(id)).toEqual(expect.arrayContaining(['INBOX']));
    expect(w.emu.mailbox(user).get(id).raw.equals(raw)).toBe(true);
    await w.provider.installHold(w.ref(user), false);
  });

  it('sendMail sends as the configured user; the alert lands in the security team mailbox', async () => {
    const team = w.users[2];
    const before = w.emu.mailbox(team).messages.size;
    await w.provider.sendMail({ from: w.admin, to: [team], subject: 'MailWarden alert: phishing quarantined', text: 'details' });
    const got = [...w.emu.mailbox(team).messages.values()].slice(before);
    expect(got).toHaveLength(1);
    expect(got[0].raw.toString()).toContain('Subject: MailWarden alert: phishing quarantined');
    expect([...w.emu.mailbox(w.admin).messages.values()].some((m) => m.labelIds.has('SENT'))).toBe(true);
  });
});
