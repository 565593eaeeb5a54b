import { describe, expect, it } from 'vitest';
import { protectionMode, wantsHold } from '../../../src/pipeline/hold-mode.ts';
import { holdTiming } from '../../../src/pipeline/hold-sweep.ts';
import { withDefaults } from '../../../src/policy/defaults.ts';
import { validatePolicy } from '../../../src/policy/schema.ts';

const now = new Date('2026-12-03T12:00:00Z');
const live = new Date('2026-12-04T12:00:00Z');
const base = { enabled: true, address: 'ada@corp.example', holdState: null, holdDetail: null, subscriptionExpiresAt: live, now } as const;
const enforce = withDefaults({ mode: 'enforce' });
const hold = withDefaults({ mode: 'enforce', hold: true });

describe('protection mode per mailbox', () => {
  it('hold only where installed; post-delivery in enforce, monitor in monitor mode', () => {
    expect(protectionMode({ ...base, policy: hold, holdState: 'installed' })).toEqual({ mode: 'hold', detail: null });
    expect(protectionMode({ ...base, policy: enforce })).toEqual({ mode: 'post-delivery', detail: null });
    expect(protectionMode({ ...base, policy: withDefaults(null) })).toEqual({ mode: 'monitor', detail: null });
    expect(protectionMode({ ...base, policy: enforce, holdState: 'removed' }).mode).toBe('post-delivery');
  });

  it('says when the hold is asked for but not there yet, or still there but no longer asked for', () => {
    expect(protectionMode({ ...base, policy: hold })).toEqual({ mode: 'post-delivery', detail: 'hold requested: the scheduler installs it on its next sweep' });
    expect(protectionMode({ ...base, policy: enforce, holdState: 'installed' }).detail).toMatch(/removes it on its next sweep/);
  });

  it('broken: no push channel, an expired one, or a hold that failed to install or to go away', () => {
    expect(protectionMode({ ...base, policy: hold, subscriptionExpiresAt: null })).toEqual({ mode: 'broken', detail: 'no push subscription: new mail is only found by catch-up' });
    expect(protectionMode({ ...base, policy: hold, holdState: 'installed', subscriptionExpiresAt: null }).detail).toBe('no push subscription: held mail is found by the hold sweep, other mail only by catch-up');
    // the memory provider is told of new mail directly: no push channel needed
    expect(protectionMode({ ...base, policy: enforce, subscriptionExpiresAt: null, needsSubscription: false }).mode).toBe('post-delivery');
    expect(protectionMode({ ...base, policy: hold, holdState: 'installed', subscriptionExpiresAt: new Date('2026-12-03T11:00:00Z') })).toMatchObject({ mode: 'broken', detail: expect.stringMatching(/expired/) });
    expect(protectionMode({ ...base, policy: hold, holdState: 'failed', holdDetail: 'forbidden: no settings scope' })).toEqual({ mode: 'broken', detail: 'hold install failed: forbidden: no settings scope' });
    expect(protectionMode({ ...base, policy: enforce, holdState: 'failed', holdDetail: 'throttled: x' }).detail).toBe('hold removal failed: throttled: x');
  });

  it('a disabled mailbox is off whatever the policy', () => {
    expect(protectionMode({ ...base, enabled: false, policy: hold, holdState: 'installed' })).toEqual({ mode: 'off', detail: 'mailbox disabled' });
  });

  it('the hold is wanted only in enforce mode, and a group can switch it on or off for its members', () => {
    expect(wantsHold(withDefaults({ mode: 'monitor', hold: true }), { address: 'a@corp.example' })).toBe(false);
    const p = validatePolicy({ mode: 'enforce', hold: false, groups: [{ id: 'execs', members: ['ceo@corp.example'], overrides: { hold: true } }, { id: 'lab', members: ['lab@corp.example'], overrides: { mode: 'monitor', hold: true } }] });
    expect(wantsHold(p, { address: 'ceo@corp.example' })).toBe(true);
    expect(wantsHold(p, { address: 'CEO@corp.example' })).toBe(true);
    expect(wantsHold(p, { address: 'staff@corp.example' })).toBe(false);
    expect(wantsHold(p, { address: 'lab@corp.example' })).toBe(false);
    expect(() => validatePolicy({ hold: 'yes' })).toThrow(/hold/);
  });

  it('a provider group (Entra ID group id, Google OU path) can switch the hold on for its members, and the mode shown follows', () => {
    const p = validatePolicy({ mode: 'enforce', hold: false, groups: [{ id: 'finance', members: ['0b7c-group-finance', '/Finance'], overrides: { hold: true } }] });
    expect(wantsHold(p, { address: 'ann@corp.example', groupIds: ['0b7c-group-finance'] })).toBe(true);
    expect(wantsHold(p, { address: 'fred@corp.example', groupIds: ['/Finance'] })).toBe(true);
    expect(wantsHold(p, { address: 'ann@corp.example', groupIds: ['other-group'] })).toBe(false);
    expect(wantsHold(p, { address: 'ann@corp.example' })).toBe(false);
    expect(protectionMode({ ...base, policy: p, groupIds: ['0b7c-group-finance'] })).toEqual({ mode: 'post-delivery', detail: 'hold requested: the scheduler installs it on its next sweep' });
    expect(protectionMode({ ...base, policy: p })).toEqual({ mode: 'post-delivery', detail: null });
  });
});

describe('hold timing', () => {
  it('release after half the bound, sweep every quarter: the worst wait (release age + one sweep) stays within the bound', () => {
    for (const s of [4, 5, 16, 60, 120, 3600]) {
      const t = holdTiming(s);
      expect(t.releaseAfterMs + t.sweepMs).toBeLessThanOrEqual(s * 1000);
      expect(t.releaseAfterMs).toBeGreaterThan(0);
    }
    expect(holdTiming(120)).toEqual({ sweepMs: 30_000, releaseAfterMs: 60_000 });
  });
});
