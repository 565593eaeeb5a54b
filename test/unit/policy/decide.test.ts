import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VERDICTS, type Verdict, type VerdictKind } from '../../../src/core/verdict.ts';
import { decide, type Policy } from '../../../src/policy/decide.ts';
import { DEFAULT_POLICY, withDefaults } from '../../../src/policy/defaults.ts';

const verdict = (kind: VerdictKind, score: number): Verdict => ({ verdict: kind, score, categories: {}, findings: [], failures: [] });
const enforce: Policy = { ...DEFAULT_POLICY, mode: 'enforce' };

describe('decide', () => {
  const table: [VerdictKind, string][] = [
    ['malware', 'quarantine'],
    ['phishing', 'quarantine'],
    ['bec', 'quarantine'],
    ['spam', 'junk'],
    ['suspicious', 'tag'],
    ['clean', 'none'],
  ];

  it.each(table)('enforce: %s → %s', (kind, action) => {
    const d = decide(verdict(kind, 10), enforce);
    expect(d.action).toBe(action);
    expect(d.planned).toBe(action);
    expect(d.mode).toBe('enforce');
  });

  it.each(table)('monitor (the default for a new tenant): %s plans %s and touches nothing', (kind, action) => {
    const d = decide(verdict(kind, 10), DEFAULT_POLICY);
    expect(DEFAULT_POLICY.mode).toBe('monitor');
    expect(d.planned).toBe(action);
    expect(d.action).toBe('none');
    if (action !== 'none') expect(d.reason).toContain(`would ${action}`);
  });

  it('the tag action carries the policy tag, other actions do not', () => {
    expect(decide(verdict('suspicious', 5), enforce).tag).toBe(DEFAULT_POLICY.tag);
    expect(decide(verdict('phishing', 9), enforce).tag).toBeUndefined();
  });

  it('a score under the threshold takes no action; at the threshold it does', () => {
    const strict = { ...enforce, minScore: 8 };
    expect(decide(verdict('phishing', 7.9), strict)).toMatchObject({ action: 'none', planned: 'none' });
    expect(decide(verdict('phishing', 8), strict)).toMatchObject({ action: 'quarantine' });
  });

  it('tenant overrides of the action table apply; stored partial policies get the defaults', () => {
    const p = withDefaults({ mode: 'enforce', actions: { ...DEFAULT_POLICY.actions, spam: 'trash' } });
    expect(decide(verdict('spam', 9), p).action).toBe('trash');
    expect(withDefaults(null)).toEqual(DEFAULT_POLICY);
    expect(withDefaults({ minScore: 3 }).actions.malware).toBe('quarantine');
  });

  it('property: pure, monitor never acts, enforce acts exactly as the table says above the threshold', () => {
    const actions = fc.constantFrom('quarantine', 'junk', 'trash', 'purge', 'tag', 'none') as fc.Arbitrary<Policy['actions'][VerdictKind]>;
    const policy = fc.record({
      mode: fc.constantFrom('monitor', 'enforce') as fc.Arbitrary<Policy['mode']>,
      actions: fc.record(Object.fromEntries(VERDICTS.map((k) => [k, actions])) as Record<VerdictKind, typeof actions>),
      minScore: fc.double({ min: 0, max: 20, noNaN: true }),
      tag: fc.string({ minLength: 1, maxLength: 20 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...VERDICTS), fc.double({ min: 0, max: 30, noNaN: true }), policy, (kind, score, p) => {
        const v = verdict(kind, score);
        const d = decide(v, p);
        expect(decide(v, p)).toEqual(d);
        const expected = score < p.minScore ? 'none' : p.actions[kind];
        expect(d.planned).toBe(expected);
        expect(d.action).toBe(p.mode === 'monitor' ? 'none' : expected);
        expect(d.verdict).toBe(kind);
        if (d.planned === 'tag') expect(d.tag).toBe(p.tag);
      }),
      { numRuns: 2000 },
    );
  });
});
