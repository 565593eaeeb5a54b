import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DlpRuleSpec } from '../../../../src/core/provider.ts';
import { compileDlpRules, validatePolicy } from '../../../../src/policy/index.ts';
import { GoogleProvider } from '../../../../connectors/google/google-provider.ts';
import { POLICY_SCOPE } from '../../../emulators/google/cloud-identity-routes.ts';
import type { StoredPolicy } from '../../../emulators/google/cloud-identity-state.ts';
import { MAILWARDEN_SCOPES, startGoogleWorld, type GoogleWorld } from '../../../emulators/google/google-world.ts';
import { countingBackoff } from './provider-fixture.ts';
import { errorCodeOf } from '../../../helpers/error-code.ts';

const policyRules = (dlp: unknown): DlpRuleSpec[] => compileDlpRules(validatePolicy({ dlp }).dlp);
const OFF = { enabled: false };
const DLP = {
  builtins: { DLP_PAYMENT_CARD: { action: 'block' }, DLP_IBAN: OFF, DLP_US_SSN: OFF, DLP_UK_NINO: OFF, DLP_AWS_ACCESS_KEY: OFF, DLP_AWS_SECRET_KEY: OFF, DLP_PRIVATE_KEY: OFF, DLP_ACCESS_TOKEN: { action: 'notify' }, DLP_JWT: OFF, DLP_CONNECTION_STRING: OFF },
  patterns: [{ id: 'emp', name: 'Employee ids', regex: 'EMP-[0-9]{6}', minCount: 3, action: 'block' }],
  wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon', 'kestrel'], minCount: 2 }],
};


describe('Google Workspace DLP rules and detectors from the policy (Cloud Identity Policy API emulator)', () => {
  let w: GoogleWorld;
  let provider: GoogleProvider;
  const customerId = () => w.emu.directory.customers.get(w.domain)!.customerId;
  const stored = () => w.emu.policies.forCustomer(customerId());
  const byName = (display: string) => stored().find((p) => p.setting.value.displayName === display) as StoredPolicy;
  const ops = (plan: { op: string; name: string }[]) => plan.map((p) => `${p.op} ${p.name}`).sort();

  beforeAll(async () => {
    w = await startGoogleWorld({ userCount: 1, tls: true });
  });
  beforeEach(() => {
    w.emu.policies.policies.clear();
    w.emu.grantDelegation(w.domain, w.sa.client_id, [...MAILWARDEN_SCOPES, POLICY_SCOPE]);
    provider = new GoogleProvider(w.connection, { backoff: countingBackoff() });
  });
  afterAll(() => w.emu.close());

  it('plan changes nothing; apply creates detectors and rules once; a second apply keeps them all', async () => {
    const specs = policyRules(DLP);
    expect(ops(await provider.syncDlpRules(specs, false))).toEqual(['create builtin-access-token', 'create builtin-payment-card', 'create pattern-emp', 'create words-falcon']);
    expect(stored()).toEqual([]);
    await provider.syncDlpRules(specs, true);
    // 4 rules + detectors: access-token fallback regex, the employee regex, the word list.
    expect(stored().filter((p) => p.setting.type === 'settings/rule.dlp')).toHaveLength(4);
    expect(stored().map((p) => p.setting.type).filter((t) => t !== 'settings/rule.dlp').sort()).toEqual(['settings/detector.regular_expression', 'settings/detector.regular_expression', 'settings/detector.word_list']);
    const card = byName('MailWarden DLP - builtin-payment-card');
    expect(card.customer).toBe(`customers/${customerId()}`);
    expect(card.setting.value).toMatchObject({
      triggers: ['google.workspace.gmail.email.v1.send'],
      state: 'ACTIVE',
      ruleTypeMetadata: { dlpRuleMetadata: { alertSeverity: 'HIGH' } },
      action: { alertCenterAction: {}, gmailAction: { blockContent: { actionParams: { applyInternalMessages: false, applyExternalMessages: true } } } },
      condition: { contentCondition: 'all_content.matches_dlp_detector("CREDIT_CARD_NUMBER", google.privacy.dlp.v2.Likelihood.LIKELY, {minimum_match_count: 1, minimum_unique_match_count: 1})' },
    });
    const emp = byName('MailWarden DLP - pattern-emp');
    const detector = byName('MailWarden DLP - pattern-emp (regex-0)');
    expect(detector.setting.value.regularExpression).toEqual({ expression: 'EMP-[0-9]{6}' });
    expect((emp.setting.value.condition as { contentCondition: string }).contentCondition).toBe(`all_content.matches_regex_detector("${detector.name}", {minimum_match_count: 3})`);
    expect(byName('MailWarden DLP - words-falcon').setting.value.action).toEqual({ alertCenterAction: {} });
    expect(byName('MailWarden DLP - builtin-access-token').setting.value.action).toMatchObject({ gmailAction: { warnUser: {} } });
    const again = await provider.syncDlpRules(specs, true);
    expect(again.map((p) => p.op)).toEqual(['keep', 'keep', 'keep', 'keep']);
  });

  it('recreates a deleted detector and points the rule at it, reverts an edited rule, deletes what the policy dropped (rule, then detectors)', async () => {
    await provider.syncDlpRules(policyRules(DLP), true);
    const oldDetector = byName('MailWarden DLP - words-falcon (words-0)').name;
    const rule = byName('MailWarden DLP - words-falcon');
    // An admin deletes the detector in the console (the console removes it from the rule too) and edits a rule.
    w.emu.policies.policies.delete(oldDetector);
    (byName('MailWarden DLP - builtin-payment-card').setting.value as { state: string }).state = 'INACTIVE';
    const plan = await provider.syncDlpRules(policyRules(DLP), true);
    expect(ops(plan.filter((p) => p.op !== 'keep'))).toEqual(['update builtin-payment-card', 'update words-falcon']);
    expect(plan.find((p) => p.name === 'words-falcon')!.detail).toContain('create detector words-0');
    const newDetector = byName('MailWarden DLP - words-falcon (words-0)').name;
    expect(newDetector).not.toBe(oldDetector);
    expect(byName('MailWarden DLP - words-falcon').name).toBe(rule.name);
    expect(JSON.stringify(byName('MailWarden DLP - words-falcon').setting.value.condition)).toContain(newDetector);
    expect(byName('MailWarden DLP - builtin-payment-card').setting.value.state).toBe('ACTIVE');

    const dropped = await provider.syncDlpRules(policyRules({ ...DLP, wordLists: [], patterns: [] }), true);
    expect(ops(dropped.filter((p) => p.op !== 'keep'))).toEqual(['delete pattern-emp', 'delete words-falcon']);
    expect(stored().map((p) => String(p.setting.value.displayName)).sort()).toEqual(['MailWarden DLP - builtin-access-token', 'MailWarden DLP - builtin-access-token (regex-0)', 'MailWarden DLP - builtin-payment-card']);
  });

  it('never touches policies it did not make; a policy change updates in place', async () => {
    const foreign = w.emu.policies.create(customerId(), { setting: { type: 'settings/rule.dlp', value: { displayName: 'MailWarden DLP - pattern-emp', description: 'hand made', triggers: ['google.workspace.gmail.email.v1.send'], state: 'ACTIVE', ruleTypeMetadata: { dlpRuleMetadata: { alertSeverity: 'LOW' } }, action: { alertCenterAction: {} }, condition: { contentCondition: 'all_content.matches_dlp_detector("PASSWORD")' } } } });
    await provider.syncDlpRules(policyRules(DLP), true);
    const changed = { ...DLP, patterns: [{ ...DLP.patterns[0]!, regex: 'EMP-[0-9]{7}' }] };
    const plan = await provider.syncDlpRules(policyRules(changed), true);
    expect(plan.find((p) => p.name === 'pattern-emp')).toMatchObject({ op: 'update', detail: expect.stringContaining('update detector regex-0') });
    expect(byName('MailWarden DLP - pattern-emp (regex-0)').setting.value.regularExpression).toEqual({ expression: 'EMP-[0-9]{7}' });
    await provider.syncDlpRules([], true);
    expect(stored().map((p) => p.name)).toEqual([foreign.name]);
    expect(w.emu.policies.policies.get(foreign.name)!.setting.value.description).toBe('hand made');
  });

  it('without the cloud-identity.policies grant: consent_revoked (the delegation lacks the scope)', async () => {
    // Another service account (tokens already issued stay valid until they expire, as at Google).
    const sa = w.emu.createServiceAccount('no-policies');
    w.emu.grantDelegation(w.domain, sa.client_id, MAILWARDEN_SCOPES);
    const connection = { ...w.connection, settings: { ...w.connection.settings, serviceAccount: sa } };
    expect(await errorCodeOf(new GoogleProvider(connection, { backoff: countingBackoff() }).syncDlpRules(policyRules(DLP), false))).toBe('consent_revoked');
  });

  it('the emulator refuses what Google refuses: a detector in use, a rule without its alert metadata, an unknown detector', () => {
    const id = customerId();
    const det = w.emu.policies.create(id, { setting: { type: 'settings/detector.word_list', value: { displayName: 'd', wordList: { words: ['a'] } } } });
    const base = { displayName: 'r', triggers: ['google.workspace.gmail.email.v1.send'], state: 'ACTIVE', action: { alertCenterAction: {} }, condition: { contentCondition: `all_content.matches_word_list("${det.name}", {minimum_match_count: 1})` } };
    expect(() => w.emu.policies.create(id, { setting: { type: 'settings/rule.dlp', value: base } })).toThrow('invalid argument');
    w.emu.policies.create(id, { setting: { type: 'settings/rule.dlp', value: { ...base, ruleTypeMetadata: { dlpRuleMetadata: { alertSeverity: 'LOW' } } } } });
    expect(() => w.emu.policies.delete(id, det.name)).toThrow('is used by rule');
    expect(() => w.emu.policies.create(id, { setting: { type: 'settings/rule.dlp', value: { ...base, ruleTypeMetadata: { dlpRuleMetadata: { alertSeverity: 'LOW' } }, condition: { contentCondition: 'all_content.matches_word_list("policies/nope")' } } } })).toThrow('not found');
    expect(() => w.emu.policies.create(id, { setting: { type: 'settings/detector.regular_expression', value: { displayName: 'x', regularExpression: { expression: '(?<=a)b' } } } })).toThrow('Invalid regular expression');
  });
});
