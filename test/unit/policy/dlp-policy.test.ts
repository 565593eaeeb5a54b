import { describe, expect, it } from 'vitest';
import { dlpDetector } from '../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { compileDlpRules, dlpActionFor, dlpScanInputs, validatePolicy } from '../../../src/policy/index.ts';
import { PROVIDER_FALLBACK_REGEX } from '../../../src/policy/dlp-compile.ts';
import { RE2JS } from 're2js';

const lists = { get: () => new Set<string>(), has: () => false };
const CARD = '5555555555554444';

function eml(body: string): Uint8Array {
  return new TextEncoder().encode(
    'From: Sam <sam@acme.example>\r\nTo: pat@partner.example\r\nSubject: numbers\r\nMessage-ID: <d@acme.example>\r\n' +
      `Date: Thu, 03 Dec 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`,
  );
}

const dlpSection = {
  builtins: { DLP_IBAN: { enabled: false }, DLP_PAYMENT_CARD: { action: 'block' } },
  patterns: [{ id: 'emp', name: 'Employee ids', regex: 'EMP-[0-9]{6}', minCount: 2, action: 'notify' }],
  wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon', 'kestrel'], minCount: 2 }],
};

describe('the dlp section of a tenant policy', () => {
  it('is optional: an old stored policy gets every built-in on, audit only, no tenant rules', () => {
    const p = validatePolicy({ mode: 'enforce' });
    expect(p.dlp).toEqual({ builtins: {}, patterns: [], wordLists: [], providerRules: true });
    expect(compileDlpRules(p.dlp).map((r) => [r.name, r.action])).toContainEqual(['builtin-payment-card', 'audit']);
    expect(compileDlpRules(p.dlp)).toHaveLength(10);
  });

  it('fills defaults per rule (enabled, audit) and keeps what the admin wrote', () => {
    const p = validatePolicy({ dlp: dlpSection });
    expect(p.dlp.builtins.DLP_PAYMENT_CARD).toEqual({ enabled: true, action: 'block' });
    expect(p.dlp.builtins.DLP_IBAN).toEqual({ enabled: false, action: 'audit' });
    expect(p.dlp.wordLists[0]!.action).toBe('audit');
  });

  it.each([
    [{ patterns: [{ id: 'x', name: 'X', regex: '(unclosed' }] }, 'dlp.patterns.0.regex: not a valid RE2 regular expression'],
    [{ patterns: [{ id: 'x', name: 'X', regex: '(?<=a)b' }] }, 'dlp.patterns.0.regex: not a valid RE2'],
    [{ patterns: [{ id: 'x', name: 'X', regex: 'a*' }] }, 'dlp.patterns.0.regex: matches the empty string'],
    [{ wordLists: [{ id: 'a', name: 'A', words: ['x'] }, { id: 'a', name: 'B', words: ['y'] }] }, 'dlp.wordLists.1.id: duplicate id "a"'],
    [{ wordLists: [{ id: 'a', name: 'Same', words: ['x'] }, { id: 'b', name: 'same', words: ['y'] }] }, 'dlp.wordLists.1.name: duplicate name'],
    [{ wordLists: [{ id: 'a', name: 'A', words: [] }] }, 'dlp.wordLists.0.words'],
    [{ builtins: { DLP_NOPE: { enabled: false } } }, 'dlp.builtins'],
    [{ builtins: { DLP_JWT: { action: 'shred' } } }, 'dlp.builtins.DLP_JWT.action'],
    [{ patterns: [{ id: 'x', name: 'X', regex: 'a', proximity: 20 }] }, 'dlp.patterns.0.proximity: proximity needs keywords'],
    [{ unknown: true }, 'dlp: Unrecognized key'],
  ])('refuses %j with a path-named error', (dlp, message) => {
    expect(() => validatePolicy({ dlp })).toThrow(message);
  });

  it('compiles one provider rule per policy rule, keyed by a stable name, each with its own action', () => {
    const rules = compileDlpRules(validatePolicy({ dlp: dlpSection }).dlp);
    const byName = new Map(rules.map((r) => [r.name, r]));
    expect(byName.has('builtin-iban')).toBe(false);
    expect(byName.get('builtin-payment-card')).toMatchObject({ action: 'block', patterns: [{ kind: 'builtin', values: ['DLP_PAYMENT_CARD'] }] });
    expect(byName.get('pattern-emp')).toEqual({ name: 'pattern-emp', description: 'Employee ids', action: 'notify', patterns: [{ kind: 'regex', values: ['EMP-[0-9]{6}'], minCount: 2 }] });
    expect(byName.get('words-falcon')).toMatchObject({ action: 'audit', patterns: [{ kind: 'words', values: ['falcon', 'kestrel'], minCount: 2 }] });
    expect(compileDlpRules({ ...validatePolicy({ dlp: dlpSection }).dlp, providerRules: false })).toEqual([]);
  });

  it('every provider fallback regex compiles in RE2 and matches an example of its kind', () => {
    const examples: Record<string, string> = {
      DLP_PAYMENT_CARD: CARD, DLP_IBAN: 'DE89 3704 0044 0532 0130 00', DLP_US_SSN: '123-45-6789', DLP_UK_NINO: 'AB 12 34 56 C',
      DLP_AWS_ACCESS_KEY: 'AKIAQ3EGRTLWZ6KJ4HNB', DLP_AWS_SECRET_KEY: 'aws_secret_access_key = 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',
      DLP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----', DLP_ACCESS_TOKEN: 'ghp_' + 'a'.repeat(36),
      DLP_JWT: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', DLP_CONNECTION_STRING: 'postgres://app:s3cr3t@db.internal:5432/x',
    };
    for (const [id, re] of Object.entries(PROVIDER_FALLBACK_REGEX)) expect(RE2JS.compile(re).matcher(examples[id]!).find(), id).toBe(true);
  });

  it('tells the action for a finding: built-ins by rule id, tenant rules by name, off → null', () => {
    const dlp = validatePolicy({ dlp: dlpSection }).dlp;
    expect(dlpActionFor(dlp, 'DLP_PAYMENT_CARD')).toBe('block');
    expect(dlpActionFor(dlp, 'DLP_IBAN')).toBeNull();
    expect(dlpActionFor(dlp, 'DLP_CUSTOM_PATTERN', 'Employee ids')).toBe('notify');
    expect(dlpActionFor(dlp, 'DLP_WORD_LIST', 'Project Falcon')).toBe('audit');
  });
});

describe('the scan runs the tenant policy\'s DLP rules', () => {
  const engine = createScanEngine({ detectors: [dlpDetector], lists });

  it('tenant patterns and word lists from the policy fire; a built-in switched off scores nothing', async () => {
    const inputs = dlpScanInputs(validatePolicy({ dlp: { ...dlpSection, builtins: { DLP_PAYMENT_CARD: { enabled: false } } } }).dlp);
    const body = `card ${CARD}; falcon and kestrel; EMP-123456 EMP-654321`;
    const { verdict } = await engine.scan({ raw: eml(body), direction: 'outbound', dlp: inputs.rules, overrides: { weights: {}, disabled: inputs.disabled } });
    const rules = verdict.findings.map((f) => f.rule).sort();
    expect(rules).toEqual(['DLP_CUSTOM_PATTERN', 'DLP_WORD_LIST']);
    expect(verdict.findings.find((f) => f.rule === 'DLP_CUSTOM_PATTERN')?.evidence).not.toContain('123456');
  });

  it('without policy rules the same message finds only the built-in card (the tenant rules are per scan, not global)', async () => {
    const { verdict } = await engine.scan({ raw: eml(`card ${CARD}; falcon and kestrel; EMP-123456 EMP-654321`), direction: 'outbound' });
    expect(verdict.findings.map((f) => f.rule)).toEqual(['DLP_PAYMENT_CARD']);
  });

  it('a count below minCount does not fire', async () => {
    const inputs = dlpScanInputs(validatePolicy({ dlp: dlpSection }).dlp);
    const { verdict } = await engine.scan({ raw: eml('only EMP-123456 and one falcon'), direction: 'outbound', dlp: inputs.rules });
    expect(verdict.findings).toEqual([]);
  });
});
