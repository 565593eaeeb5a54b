import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VERDICTS, type ThreatCategory, type Verdict, type VerdictKind } from '../../../src/core/verdict.ts';
import { decide, stronger, type Policy } from '../../../src/policy/decide.ts';
import { DEFAULT_POLICY, withDefaults } from '../../../src/policy/defaults.ts';
import { ACTION_SEVERITY, type PolicyAction } from '../../../src/policy/types.ts';

const verdict = (kind: VerdictKind, score: number, categories: Verdict['categories'] = {}): Verdict => ({ verdict: kind, score, categories, findings: [], failures: [] });
const enforce: Policy = { ...DEFAULT_POLICY, mode: 'enforce' };
const rank = (a: PolicyAction) => ACTION_SEVERITY.indexOf(a);

describe('decide: verdict table and mode', () => {
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

  it('a score under minScore takes no table action; at minScore it does', () => {
    const strict = { ...enforce, minScore: 8 };
    expect(decide(verdict('phishing', 7.9), strict)).toMatchObject({ action: 'none', planned: 'none' });
    expect(decide(verdict('phishing', 8), strict)).toMatchObject({ action: 'quarantine' });
  });

  it('tenant overrides of the action table apply; stored partial policies get the defaults', () => {
    const p = withDefaults({ mode: 'enforce', actions: { ...DEFAULT_POLICY.actions, spam: 'trash' } });
    expect(decide(verdict('spam', 9), p).action).toBe('trash');
    expect(withDefaults(null)).toEqual(DEFAULT_POLICY);
    expect(withDefaults({ minScore: 3 }).actions.malware).toBe('quarantine');
    expect(withDefaults({ minScore: 3 }).categoryMinimum.malware).toBe('quarantine');
  });
});

describe('decide: thresholds, category minimums, allow and block lists', () => {
  it('score thresholds raise the action whatever the kind; under the threshold they do not', () => {
    const p = { ...enforce, thresholds: { junk: 5, quarantine: 12 } };
    expect(decide(verdict('clean', 4.9), p).action).toBe('none');
    expect(decide(verdict('clean', 5), p).action).toBe('junk');
    expect(decide(verdict('suspicious', 12), p).action).toBe('quarantine');
    expect(decide(verdict('spam', 11.9), p).action).toBe('junk');
  });

  it('malware → quarantine whatever the score (category minimum), even under minScore', () => {
    const p = { ...enforce, minScore: 50 };
    const d = decide(verdict('clean', 1, { malware: 1 }), p);
    expect(d.action).toBe('quarantine');
    expect(d.reason).toContain('malware minimum');
    // The look-alike: the same low score without a malware finding is left alone.
    expect(decide(verdict('clean', 1, { suspicious: 1 }), p).action).toBe('none');
  });

  it('an allow entry counts only when the sender authenticated', () => {
    const p = { ...enforce, allow: { addresses: [], domains: ['partner.example'] } };
    const allowed = decide(verdict('phishing', 9), p, { senderEmail: 'ceo@mail.partner.example', authenticated: true });
    expect(allowed.action).toBe('none');
    expect(allowed.reason).toContain('allow list');
    const spoofed = decide(verdict('phishing', 9), p, { senderEmail: 'ceo@partner.example', authenticated: false });
    expect(spoofed.action).toBe('quarantine');
    expect(spoofed.reason).toContain('not authenticated');
    // A domain that merely ends with the allowed name is not covered.
    expect(decide(verdict('phishing', 9), p, { senderEmail: 'x@evilpartner.example', authenticated: true }).action).toBe('quarantine');
  });

  it('allow never overrides the malware minimum', () => {
    const p = { ...enforce, allow: { addresses: ['it@partner.example'], domains: [] } };
    expect(decide(verdict('malware', 20, { malware: 20 }), p, { senderEmail: 'IT@partner.example', authenticated: true }).action).toBe('quarantine');
  });

  it('block list: at least blockAction for the address or domain; other senders untouched', () => {
    const p = { ...enforce, block: { addresses: ['spam@bulk.example'], domains: ['bad.example'] }, blockAction: 'junk' as const };
    expect(decide(verdict('clean', 0), p, { senderEmail: 'a@sub.bad.example' })).toMatchObject({ action: 'junk' });
    expect(decide(verdict('clean', 0), p, { senderEmail: 'spam@bulk.example' })).toMatchObject({ action: 'junk' });
    expect(decide(verdict('clean', 0), p, { senderEmail: 'news@bulk.example' })).toMatchObject({ action: 'none' });
    // Block never lowers a stronger action.
    expect(decide(verdict('phishing', 9), p, { senderEmail: 'a@bad.example' }).action).toBe('quarantine');
  });

  it('stronger() picks the more severe action', () => {
    expect(stronger('tag', 'quarantine')).toBe('quarantine');
    expect(stronger('purge', 'junk')).toBe('purge');
  });
});

const ACTIONS = fc.constantFrom(...ACTION_SEVERITY);
const CATS: ThreatCategory[] = ['phishing', 'bec', 'malware', 'spam', 'suspicious', 'dlp'];
const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    mode: fc.constantFrom('monitor', 'enforce') as fc.Arbitrary<Policy['mode']>,
    actions: fc.record(Object.fromEntries(VERDICTS.map((k) => [k, ACTIONS])) as Record<VerdictKind, typeof ACTIONS>),
    minScore: fc.double({ min: 0, max: 20, noNaN: true }),
    tag: fc.string({ minLength: 1, maxLength: 20 }),
    thresholds: fc.record({ tag: fc.double({ min: 0, max: 30, noNaN: true }), quarantine: fc.double({ min: 0, max: 30, noNaN: true }) }, { requiredKeys: [] }),
    categoryMinimum: fc.record(Object.fromEntries(CATS.map((c) => [c, ACTIONS])) as Record<ThreatCategory, typeof ACTIONS>, { requiredKeys: [] }),
    allowDomains: fc.subarray(['a.example', 'b.example']),
    blockDomains: fc.subarray(['b.example', 'c.example']),
    blockAction: ACTIONS,
  })
  .map(({ allowDomains, blockDomains, ...p }) => withDefaults({ ...p, allow: { addresses: [], domains: allowDomains }, block: { addresses: [], domains: blockDomains } }));

const verdictArb = fc
  .tuple(fc.constantFrom(...VERDICTS), fc.double({ min: 0, max: 30, noNaN: true }), fc.record(Object.fromEntries(CATS.map((c) => [c, fc.double({ min: 0, max: 10, noNaN: true })])), { requiredKeys: [] }))
  .map(([k, s, c]) => verdict(k, s, c as Verdict['categories']));
const factsArb = fc.record({ senderEmail: fc.constantFrom('x@a.example', 'y@b.example', 'z@c.example', 'w@d.example'), authenticated: fc.boolean() });

describe('decide: properties', () => {
  it('pure; monitor never acts; enforce acts exactly as planned; planned is a known action', () => {
    fc.assert(
      fc.property(verdictArb, policyArb, factsArb, (v, p, f) => {
        const d = decide(v, p, f);
        expect(decide(v, p, f)).toEqual(d);
        expect(ACTION_SEVERITY).toContain(d.planned);
        expect(d.action).toBe(p.mode === 'monitor' ? 'none' : d.planned);
        expect(decide(v, { ...p, mode: 'monitor' }, f).planned).toBe(d.planned);
        expect(d.verdict).toBe(v.verdict);
        expect(d.tag === undefined).toBe(d.planned !== 'tag');
      }),
      { numRuns: 1000 },
    );
  });

  it('floors: category minimums and block entries are always honoured', () => {
    fc.assert(
      fc.property(verdictArb, policyArb, factsArb, (v, p, f) => {
        const d = decide(v, p, f);
        for (const c of CATS) {
          const min = p.categoryMinimum[c];
          if (min && (v.verdict === c || (v.categories[c] ?? 0) > 0)) expect(rank(d.planned)).toBeGreaterThanOrEqual(rank(min));
        }
        const dom = f.senderEmail.split('@')[1]!;
        if (p.block.domains.includes(dom)) expect(rank(d.planned)).toBeGreaterThanOrEqual(rank(p.blockAction));
      }),
      { numRuns: 1000 },
    );
  });

  it('ceilings: an unauthenticated allow entry changes nothing; an authenticated one never raises the action', () => {
    fc.assert(
      fc.property(verdictArb, policyArb, factsArb, (v, p, f) => {
        const without = { ...p, allow: { addresses: [], domains: [] } };
        if (!f.authenticated) expect(decide(v, p, f).planned).toBe(decide(v, without, f).planned);
        else expect(rank(decide(v, p, f).planned)).toBeLessThanOrEqual(rank(decide(v, without, f).planned));
      }),
      { numRuns: 1000 },
    );
  });

  it('monotone: a higher score never yields a milder action', () => {
    fc.assert(
      fc.property(verdictArb, fc.double({ min: 0, max: 10, noNaN: true }), policyArb, factsArb, (v, extra, p, f) => {
        const higher = { ...v, score: v.score + extra };
        expect(rank(decide(higher, p, f).planned)).toBeGreaterThanOrEqual(rank(decide(v, p, f).planned));
      }),
      { numRuns: 1000 },
    );
  });

  it('exhaustive over verdict × action table × mode (no lists, no thresholds)', () => {
    for (const kind of VERDICTS) for (const a of ACTION_SEVERITY) for (const mode of ['monitor', 'enforce'] as const) {
      const p = withDefaults({ mode, actions: { ...DEFAULT_POLICY.actions, [kind]: a }, categoryMinimum: {} });
      const d = decide(verdict(kind, 10), { ...p, categoryMinimum: {} });
      expect(d.planned).toBe(a);
      expect(d.action).toBe(mode === 'enforce' ? a : 'none');
    }
  });
});
