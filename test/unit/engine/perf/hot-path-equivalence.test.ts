import { describe, expect, it } from 'vitest';
import { matchHost } from '../../../../src/engine/detectors/links/hosts.ts';
import { scoreFindings } from '../../../../src/engine/scoring.ts';
import type { Detector } from '../../../../src/engine/detector.ts';
import { findRedirect } from '../../../../src/engine/detectors/links/redirect.ts';
import { parseUrl } from '../../../../src/engine/parse/url.ts';

/**
 * The faster hot-path helpers must give the answers the straightforward versions gave: these reference
 * implementations are the code they replaced, run side by side on awkward inputs.
 */
function matchHostReference(host: string, table: ReadonlySet<string>): string | null {
  const labels = host.toLowerCase().split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const s = labels.slice(i).join('.');
    if (table.has(s)) return s;
  }
  return null;
}

describe('matchHost', () => {
  const table = new Set(['netlify.app', 'b.', '.b', 'x..y', 'sites.google.com', 'com']);
  it('matches the host or a parent, never a bare TLD', () => {
    expect(matchHost('evil.netlify.app', table)).toBe('netlify.app');
    expect(matchHost('Deep.Evil.NETLIFY.app', table)).toBe('netlify.app');
    expect(matchHost('sites.google.com', table)).toBe('sites.google.com');
    expect(matchHost('example.com', table)).toBeNull();
    expect(matchHost('notnetlify.app', table)).toBeNull();
    expect(matchHost('com', table)).toBeNull();
  });
  it('agrees with the split/join version on empty labels, dots at either end and plain names', () => {
    for (const host of ['', '.', '..', 'a', '.b', 'a.b.', 'x..y', 'w.x..y', 'a..b', 'evil.netlify.app.', 'sites.google.com', 'q.sites.google.com']) {
      expect(matchHost(host, table), host).toBe(matchHostReference(host, table));
    }
  });
});

describe('scoreFindings ordering', () => {
  const detector: Detector = {
    id: 't',
    timeoutMs: 10,
    rules: {
      AB: { weight: 1, category: 'phishing', description: 'ab' },
      A_B: { weight: 1, category: 'phishing', description: 'a_b' },
      A1: { weight: 1, category: 'phishing', description: 'a1' },
      Z: { weight: 2, category: 'phishing', description: 'z' },
    },
    detect: () => [],
  };
  it('sorts by score, then by rule id in locale order (as String#localeCompare did)', () => {
    const findings = ['AB', 'A1', 'Z', 'A_B'].map((rule) => ({ rule, confidence: 1, evidence: rule }));
    const verdict = scoreFindings([{ detector, findings }], []);
    const expected = ['AB', 'A1', 'A_B'].sort((a, b) => a.localeCompare(b));
    expect(verdict.findings.map((f) => f.rule)).toEqual(['Z', ...expected]);
    // Locale order puts the underscore first, unlike code-unit order: the tie-break really is the collator's.
    expect(expected[0]).toBe('A_B');
  });
});

describe('findRedirect', () => {
  it('reads the destination from the first redirect-named parameter, decoding only what it reads', () => {
    const url = parseUrl('https://www.google.com/url?sa=t&bad=%E0%A4%A&URL=https%3A%2F%2Fevil.example%2Flogin&next=https://other.example/');
    const r = findRedirect(url);
    expect(r?.target.domain.domain).toBe('evil.example');
    expect(r?.known).toBe(true);
    // Asked twice for the same link, the answer is the same object: the work was done once.
    expect(findRedirect(url)).toBe(r);
  });
  it('ignores q= off /url, parameters past the 50th, and values that are not URLs', () => {
    expect(findRedirect(parseUrl('https://www.google.com/search?q=https://evil.example/'))).toBeNull();
    const many = Array.from({ length: 50 }, (_, i) => `p${i}=x`).join('&');
    expect(findRedirect(parseUrl(`https://t.example/c?${many}&url=https://evil.example/`))).toBeNull();
    expect(findRedirect(parseUrl(`https://t.example/c?${many.split('&').slice(1).join('&')}&url=https://evil.example/`))?.target.domain.domain).toBe('evil.example');
    expect(findRedirect(parseUrl('https://shop.example/cart?next=checkout&u=42'))).toBeNull();
  });
});
