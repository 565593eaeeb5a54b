import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../../src/store/crypto.ts';
import type { Store } from '../../../src/store/store.ts';
import { leasesRepo } from '../../../src/store/leases-repo.ts';
import { DEFAULT_POLICY } from '../../../src/policy/defaults.ts';
import { decide } from '../../../src/policy/decide.ts';
import type { Verdict } from '../../../src/core/verdict.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const keyring = createKeyring('k1', randomBytes(32));
const verdict: Verdict = { verdict: 'phishing', score: 9, categories: { phishing: 9 }, findings: [], failures: [] };

const backends = storeBackends(keyring);

describe.each(backends)('store on %s', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  it('keeps tenant settings sealed at rest and opens them with the right key', async () => {
    await store.tenants.upsert({ id: 't1', name: 'Acme', provider: 'memory', settings: { clientSecret: 'super-secret-value-123' } });
    const sealed = await store.tenants.sealedSettings('t1');
    expect(sealed).not.toContain('super-secret-value-123');
    expect(sealed!.startsWith('k1.')).toBe(true);
    const t = await store.tenants.get('t1');
    expect(t!.settings.clientSecret).toBe('super-secret-value-123');
    expect(t!.policy.mode).toBe('monitor');
    expect(await store.tenants.get('nobody')).toBeNull();
  });

  it('finds mailboxes by address case-insensitively and subscriptions by id, secret decrypted', async () => {
    await store.mailboxes.upsert({ tenantId: 't1', provider: 'memory', mailboxId: 'u1', address: 'User@Example.com' });
    expect((await store.mailboxes.findByAddress('memory', 'user@example.COM'))?.mailboxId).toBe('u1');
    expect(await store.mailboxes.findByAddress('google', 'user@example.com')).toBeNull();
    const expiresAt = new Date(Date.now() + 3600_000);
    await store.subscriptions.save('memory', 't1', 'u1', { id: 'sub-1', expiresAt, secret: 'client-state-xyz' });
    expect((await store.subscriptions.find('memory', 'sub-1'))?.secret).toBe('client-state-xyz');
    expect(await store.subscriptions.expiringBefore(new Date())).toHaveLength(0);
    expect((await store.subscriptions.expiringBefore(new Date(Date.now() + 7200_000))).map((s) => s.id)).toEqual(['sub-1']);
    // A recreated subscription replaces the old one for the mailbox.
    await store.subscriptions.save('memory', 't1', 'u1', { id: 'sub-2', expiresAt, secret: null });
    expect(await store.subscriptions.find('memory', 'sub-1')).toBeNull();
    expect((await store.subscriptions.forMailbox('t1', 'u1'))?.id).toBe('sub-2');
  });

  it('advances cursors, keeping the old one when the provider gives none', async () => {
    await store.cursors.advance('t1', 'u1', '10');
    await store.cursors.advance('t1', 'u1', null);
    expect((await store.cursors.get('t1', 'u1')).cursor).toBe('10');
    await store.cursors.advance('t1', 'u1', '12');
    expect((await store.cursors.get('t1', 'u1')).cursor).toBe('12');
    expect(await store.cursors.staleSince(new Date(Date.now() - 60_000))).toHaveLength(0);
  });

  it('records a verdict once: the second writer is told it lost', async () => {
    await store.messages.recordSeen({ key: 'm1', tenantId: 't1', mailboxId: 'u1', messageId: 'x1', direction: 'inbound' });
    await store.messages.recordSeen({ key: 'm1', tenantId: 't1', mailboxId: 'u1', messageId: 'x1', direction: 'inbound' });
    const decision = decide(verdict, DEFAULT_POLICY);
    expect(await store.messages.recordVerdict('m1', 't1', verdict, decision, 12.5)).toBe(true);
    expect(await store.messages.recordVerdict('m1', 't1', { ...verdict, verdict: 'clean' }, decision, 1)).toBe(false);
    expect((await store.messages.verdict('m1'))?.verdict.verdict).toBe('phishing');
    expect(await store.messages.countVerdicts('t1')).toEqual({ phishing: 1 });
    expect(await store.messages.countByStatus('t1')).toEqual({ scanned: 1 });
  });

  it('vault: sealed at rest, opens to the same bytes, purges past retention', async () => {
    const raw = new TextEncoder().encode('Subject: hello\r\n\r\nsecret body text 42');
    await store.vault.keep({ messageKey: 'm1', tenantId: 't1', mailboxId: 'u1', messageId: 'x1' }, raw);
    const sealed = await store.vault.sealed('m1');
    expect(sealed!.includes(Buffer.from('secret body text 42'))).toBe(false);
    expect(Buffer.from((await store.vault.open('m1'))!).equals(Buffer.from(raw))).toBe(true);
    expect(await store.vault.purgeExpired(new Date())).toBe(0);
    expect(await store.vault.purgeExpired(new Date(Date.now() + 31 * 86_400_000))).toBe(1);
    expect(await store.vault.open('m1')).toBeNull();
  });

  it('leases: one holder at a time; takeover only after expiry', async () => {
    const other = leasesRepo(store.db, 'other-scheduler');
    expect(await store.leases.acquire('renew', 60_000)).toBe(true);
    expect(await other.acquire('renew', 60_000)).toBe(false);
    expect(await store.leases.acquire('renew', 60_000)).toBe(true); // the holder renews
    await other.release('renew'); // not the holder: no effect
    expect(await other.acquire('renew', 60_000)).toBe(false);
    await store.leases.release('renew');
    expect(await other.acquire('renew', 60_000)).toBe(true);
    expect(await other.acquire('expired', -1)).toBe(true);
    expect(await store.leases.acquire('expired', 60_000)).toBe(true);
  });

  it('dead letters are listed and marked replayed; sender history counts', async () => {
    await store.deadLetters.add({ queue: 'scan', jobId: 'j1', payload: { a: 1 }, errorCode: 'forbidden', error: 'no access', attempts: 1 });
    expect((await store.deadLetters.list({ pendingOnly: true })).map((d) => d.jobId)).toEqual(['j1']);
    await store.deadLetters.markReplayed('scan', 'j1');
    expect(await store.deadLetters.list({ pendingOnly: true })).toHaveLength(0);
    await store.senders.record('t1', 'A@Example.org', false);
    await store.senders.record('t1', 'a@example.org', true);
    await store.senders.record('t1', 'b@example.org', false);
    expect(await store.senders.lookup('t1', 'a@example.org')).toMatchObject({ messages: 2, flagged: 1, domainMessages: 3 });
    expect(await store.senders.lookup('t2', 'a@example.org')).toBeNull();
  });
});
