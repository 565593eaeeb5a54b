import { describe, expect, it } from 'vitest';
import { ConsentState } from '../../../../src/http/onboarding/m365-state.ts';

describe('admin-consent state', () => {
  const states = new ConsentState('a-long-enough-signing-secret');

  it('accepts a state it issued, once', () => {
    const s = states.issue();
    expect(states.consume(s)).toBe(true);
    expect(states.consume(s)).toBe(false);
  });

  it('refuses expired, tampered, foreign and malformed states', () => {
    const now = Date.now();
    expect(states.consume(states.issue(now - 11 * 60_000), now)).toBe(false);
    const [payload, sig] = states.issue().split('.');
    const tampered = Buffer.from(JSON.stringify({ n: 'x', e: now + 9e9 })).toString('base64url');
    expect(states.consume(`${tampered}.${sig}`)).toBe(false);
    expect(states.consume(`${payload}.${sig.slice(0, -2)}AA`)).toBe(false);
    expect(states.consume(new ConsentState('another-signing-secret-xyz').issue())).toBe(false);
    for (const junk of ['', '.', 'abc', 'a.b.c', `${payload}.`]) expect(states.consume(junk)).toBe(false);
  });

  it('refuses a short secret at construction', () => {
    expect(() => new ConsentState('short')).toThrow(/16 characters/);
  });
});
