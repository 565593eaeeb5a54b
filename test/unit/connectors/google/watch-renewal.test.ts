import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerWorld } from './provider-fixture.ts';

type World = Awaited<ReturnType<typeof providerWorld>>;
let w: World;
beforeAll(async () => {
  w = await providerWorld();
});
afterAll(() => w.emu.close());

const DAY = 24 * 3600_000;

describe('Google watch renewal', () => {
  it('a watch renewed within the last day is left alone; an older one is renewed and keeps the stored cursor', async () => {
    const user = w.users[1];
    const first = await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    expect(first.id).toContain(user);
    expect(first.secret).toBeNull();
    const calls = w.emu.callCount('watch', user);

    expect(await w.provider.ensureSubscription(w.ref(user), first, 'unused')).toBe(first);
    expect(w.emu.callCount('watch', user)).toBe(calls);

    const aged = { ...first, expiresAt: new Date(Date.now() + 5 * DAY), cursor: '17' };
    const renewed = await w.provider.ensureSubscription(w.ref(user), aged, 'unused');
    expect(w.emu.callCount('watch', user)).toBe(calls + 1);
    expect(renewed.id).toBe(first.id); // same id: the scheduler does not take it for a recreated channel
    expect(renewed.cursor).toBe('17');
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * DAY - 60_000);
  });

  it('removeSubscription stops the watch and tolerates a second stop', async () => {
    const user = w.users[2];
    const sub = await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    expect(w.emu.watches.watches.has(user)).toBe(true);
    await w.provider.removeSubscription(w.ref(user), sub);
    await w.provider.removeSubscription(w.ref(user), sub);
    expect(w.emu.watches.watches.has(user)).toBe(false);
  });
});
