import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleProvider } from '../../../../connectors/google/google-provider.ts';
import { rawMail } from '../../../emulators/google/google-world.ts';
import { countingBackoff, providerWorld } from './provider-fixture.ts';

type World = Awaited<ReturnType<typeof providerWorld>>;
let w: World;
beforeAll(async () => {
  w = await providerWorld({ userCount: 520 });
  w.emu.addUser(`frozen@${w.domain}`, { suspended: true });
});
afterAll(() => w.emu.close());

describe('Google directory', () => {
  it('lists every user across pages of 500; suspended users are listed but not enabled', async () => {
    const tokens = w.emu.tokens.issued;
    const list = await w.provider.listMailboxes();
    expect(list).toHaveLength(522);
    expect(w.emu.callCount('users.list')).toBe(2);
    expect(list.find((m) => m.address === `frozen@${w.domain}`)?.enabled).toBe(false);
    expect(list.find((m) => m.address === w.users[1])?.enabled).toBe(true);
    // A rebuilt provider (the pipeline rebuilds them every minute) reuses the token.
    await new GoogleProvider(w.connection, { backoff: countingBackoff() }).listMailboxes();
    expect(w.emu.tokens.issued - tokens).toBe(1);
  });
});

describe('Google errors become tenant or mailbox states', () => {
  it('a suspended mailbox is mailbox_unavailable, not an outage', async () => {
    await expect(w.provider.ensureSubscription(w.ref(`frozen@${w.domain}`), null, '')).rejects.toMatchObject({ code: 'mailbox_unavailable', retryable: false });
  });

  it('revoked delegation is consent_revoked for the tenant (seen at the next token request)', async () => {
    const fresh = new GoogleProvider(w.connection, { backoff: countingBackoff() });
    w.emu.revokeDelegation(w.domain, w.sa.client_id);
    try {
      // Tokens already issued stay valid until they expire, as with Google; a mailbox without one fails now.
      await expect(fresh.ensureSubscription(w.ref(w.users[10]), null, '')).rejects.toMatchObject({ code: 'consent_revoked', retryable: false });
    } finally {
      w.emu.grantDelegation(w.domain, w.sa.client_id, ['https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.settings.basic', 'https://www.googleapis.com/auth/admin.directory.user.readonly']);
    }
  });

  it('a missing scope (filters without gmail.settings.basic) is consent_revoked, and the other work goes on', async () => {
    w.emu.grantDelegation(w.domain, w.sa.client_id, ['https://mail.google.com/', 'https://www.googleapis.com/auth/admin.directory.user.readonly']);
    const fresh = new GoogleProvider(w.connection, { backoff: countingBackoff() });
    try {
      await expect(fresh.installHold(w.ref(w.users[3]), true)).rejects.toMatchObject({ code: 'consent_revoked' });
    } finally {
      w.emu.grantDelegation(w.domain, w.sa.client_id, ['https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.settings.basic', 'https://www.googleapis.com/auth/admin.directory.user.readonly']);
    }
  });

  it('5xx is retried then surfaces as provider_unavailable; an oversized message is refused before download', async () => {
    const user = w.users[4];
    const id = w.emu.deliver([user], rawMail({ to: user, subject: 'big', body: 'x'.repeat(20_000) }))[user];
    const ref = { mailbox: w.ref(user), messageId: id, direction: 'inbound' as const };
    const gets = w.emu.callCount('messages.get', user);
    await expect(w.provider.fetchRaw(ref, { maxBytes: 10_000 })).rejects.toMatchObject({ code: 'limit_exceeded' });
    expect(w.emu.callCount('messages.get', user) - gets).toBe(1); // only the size probe, never the raw body
    w.emu.failNext(user, 'messages.get', [503, 503, 503, 503]);
    await expect(w.provider.fetchRaw(ref, { maxBytes: 100_000 })).rejects.toMatchObject({ code: 'provider_unavailable' });
    expect((await w.provider.fetchRaw(ref, { maxBytes: 100_000 })).byteLength).toBeGreaterThan(20_000);
  });
});
