import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.ts';
import type { Verdict } from '../../../src/core/verdict.ts';
import { decide, effectivePolicy, policyStorePort, updatePolicy, validatePolicy, DEFAULT_POLICY } from '../../../src/policy/index.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { openStore } from '../../../src/store/store.ts';

const phishing: Verdict = { verdict: 'phishing', score: 9, categories: { phishing: 9 }, findings: [], failures: [] };

function problems(input: unknown): string {
  try {
    validatePolicy(input);
  } catch (err) {
    if (isAppError(err) && err.code === 'invalid_input') return err.message;
    throw err;
  }
  return '';
}

describe('policy validation', () => {
  it('an empty policy is the default policy (monitor mode for a new tenant)', () => {
    expect(validatePolicy({})).toEqual(DEFAULT_POLICY);
  });

  it('accepts the full model and normalises case', () => {
    const p = validatePolicy({
      mode: 'enforce',
      thresholds: { tag: 3, junk: 6, quarantine: 10 },
      categoryMinimum: { malware: 'purge', dlp: 'tag' },
      allow: { domains: ['Partner.Example'] },
      block: { addresses: ['Bad@Evil.Example'] },
      orgDomains: ['acme.example'],
      vips: [{ name: 'Jane Boss', email: 'jane@acme.example' }],
      ruleWeights: { LINK_LOOKALIKE: 2.5 },
      disabledRules: ['BULK_NEWSLETTER'],
      rulePacks: ['mailwarden-default', 'sublime-core'],
      groups: [{ id: 'finance', members: ['cfo@acme.example'], overrides: { mode: 'enforce', actions: { suspicious: 'quarantine' } } }],
    });
    expect(p.allow.domains).toEqual(['partner.example']);
    expect(p.block.addresses).toEqual(['bad@evil.example']);
    expect(p.categoryMinimum).toEqual({ malware: 'purge', dlp: 'tag' });
  });

  it('names every problem with its path', () => {
    const msg = problems({ mode: 'block-all', allow: { domains: ['not a domain'] }, vips: [{ name: 'x', email: 'nope' }], surprise: 1 });
    expect(msg).toContain('mode:');
    expect(msg).toContain('allow.domains.0: not a domain name');
    expect(msg).toContain('vips.0.email: not an email address');
    expect(msg).toMatch(/surprise/);
    // Cross-field checks run once the shape is right.
    expect(problems({ thresholds: { junk: 9, quarantine: 4 } })).toContain('thresholds.quarantine: quarantine threshold 4 is below the junk threshold 9');
    expect(problems({ thresholds: { junk: 4, quarantine: 9 } })).toBe('');
  });

  it('rejects a domain on both lists and duplicate group ids; accepts the look-alike that differs', () => {
    expect(problems({ allow: { domains: ['x.example'] }, block: { domains: ['x.example'] } })).toContain('both the allow and the block list');
    expect(problems({ allow: { domains: ['x.example'] }, block: { domains: ['y.example'] } })).toBe('');
    const g = { id: 'a', members: ['m@x.example'], overrides: {} };
    expect(problems({ groups: [g, g] })).toContain('duplicate group id');
  });
});

describe('groups', () => {
  const policy = validatePolicy({
    mode: 'monitor',
    block: { domains: ['evil.example'] },
    groups: [{ id: 'execs', members: ['ceo@acme.example', 'grp-execs'], overrides: { mode: 'enforce', block: { domains: ['rival.example'] }, disabledRules: ['X'] } }],
  });

  it('a group member gets the group overrides over the tenant policy', () => {
    const p = effectivePolicy(policy, { address: 'CEO@acme.example' });
    expect(p.mode).toBe('enforce');
    expect(p.block.domains).toEqual(['evil.example', 'rival.example']);
    expect(p.disabledRules).toEqual(['X']);
    expect(effectivePolicy(policy, { address: 'x@acme.example', groupIds: ['grp-execs'] }).mode).toBe('enforce');
    expect(decide(phishing, p).action).toBe('quarantine');
  });

  it('anyone else gets the tenant policy unchanged', () => {
    const p = effectivePolicy(policy, { address: 'intern@acme.example', groupIds: ['grp-all'] });
    expect(p).toBe(policy);
    expect(decide(phishing, p).action).toBe('none');
  });
});

describe('updatePolicy: validated on write, versioned in the audit log (SQLite)', () => {
  it('saves valid policies as numbered versions and refuses invalid ones without saving', async () => {
    const store = await openStore({ sqliteFile: ':memory:', keyring: createKeyring('k1', randomBytes(32)) });
    try {
      await store.tenants.upsert({ id: 't1', name: 'Acme', provider: 'memory', settings: {} });
      const port = policyStorePort(store);
      const v1 = await updatePolicy(port, 't1', { mode: 'enforce' }, 'user:alice');
      const v2 = await updatePolicy(port, 't1', { mode: 'enforce', minScore: 5 }, 'user:bob');
      expect([v1.version, v2.version]).toEqual([1, 2]);
      await expect(updatePolicy(port, 't1', { minScore: -1 }, 'user:eve')).rejects.toMatchObject({ code: 'invalid_input' });
      expect((await store.tenants.get('t1'))?.policy.minScore).toBe(5);
      const log = await store.actions.auditFor('tenant:t1:policy');
      expect(log).toHaveLength(2);
      const last = JSON.parse(log[1]!.detail!);
      expect(last).toMatchObject({ version: 2, previous: { mode: 'enforce', minScore: 0 }, policy: { minScore: 5 } });
      expect(log[1]!.actor).toBe('user:bob');
    } finally {
      await store.close();
    }
  });
});
