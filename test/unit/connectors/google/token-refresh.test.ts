import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../../helpers/error-code.ts';
import { providerWorld } from './provider-fixture.ts';

type World = Awaited<ReturnType<typeof providerWorld>>;
let w: World;
beforeAll(async () => {
  w = await providerWorld({ userCount: 3 });
});
afterAll(() => w.emu.close());

/** Google forgets every access token it issued (as after a revocation or a reset), though none has expired. */
const googleDropsTokens = () => w.emu.tokens.tokens.clear();

describe('Google access tokens refused before they expire', () => {
  it('a 401 gets one fresh token and the same call succeeds, instead of failing with the stale token until it expires', async () => {
    const user = w.users[0]!;
    await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    const issued = w.emu.tokens.issued;
    googleDropsTokens();
    await expect(w.provider.ensureSubscription(w.ref(user), null, 'unused')).resolves.toMatchObject({ id: expect.stringContaining(user) });
    expect(w.emu.tokens.issued).toBe(issued + 1);
    // And the fresh token is kept: the next call needs none.
    await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    expect(w.emu.tokens.issued).toBe(issued + 1);
  });

  it('a 403 rate limit is not an auth failure: no new token, and the back-off handles it', async () => {
    const user = w.users[1]!;
    await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    const issued = w.emu.tokens.issued;
    w.emu.quota.injectThrottle(user, 1, '403');
    await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    expect(w.emu.tokens.issued).toBe(issued);
  });

  it('with the delegation revoked the fresh token is refused too, and the call fails as consent revoked (not retried as a 401)', async () => {
    const user = w.users[2]!;
    await w.provider.ensureSubscription(w.ref(user), null, 'unused');
    w.emu.revokeDelegation(w.domain, w.sa.client_id);
    googleDropsTokens();
    expect(await errorCodeOf(w.provider.ensureSubscription(w.ref(user), null, 'unused'))).toBe('consent_revoked');
  });
});
