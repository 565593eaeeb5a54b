import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/core/errors.ts';
import type { DlpRuleSpec } from '../../../../src/core/provider.ts';
import { compileDlpRules, validatePolicy } from '../../../../src/policy/index.ts';
import { createM365Provider, type M365Provider } from '../../../../connectors/m365/provider.ts';
import { classifyInvokeError } from '../../../../connectors/m365/dlp-exchange-client.ts';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant, type TestTenant } from '../../../emulators/m365/test-tenant.ts';

const policyRules = (dlp: unknown): DlpRuleSpec[] => compileDlpRules(validatePolicy({ dlp }).dlp);
const DLP = {
  builtins: { DLP_PAYMENT_CARD: { action: 'block' }, DLP_IBAN: { enabled: false }, DLP_US_SSN: { enabled: false }, DLP_UK_NINO: { action: 'notify' }, DLP_AWS_ACCESS_KEY: { enabled: false }, DLP_AWS_SECRET_KEY: { enabled: false }, DLP_PRIVATE_KEY: { action: 'block' }, DLP_ACCESS_TOKEN: { enabled: false }, DLP_JWT: { enabled: false }, DLP_CONNECTION_STRING: { enabled: false } },
  patterns: [{ id: 'emp', name: 'Employee ids', regex: 'EMP-[0-9]{6}', action: 'notify' }],
  wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon', 'kestrel'], minCount: 2, action: 'audit' }],
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return isAppError(err) ? `${err.code}: ${err.message}` : `not an AppError: ${String(err)}`;
  }
}

describe('Exchange Online transport rules from the DLP policy (Exchange admin API emulator)', () => {
  let emu: M365Emulator;
  let t: TestTenant;
  let provider: M365Provider;
  const rules = () => emu.exchange.rules.list(t.tenant.id);
  const ops = (plan: { op: string; name: string }[]) => plan.map((p) => `${p.op} ${p.name}`).sort();

  beforeAll(async () => {
    emu = await startM365Emulator();
  });
  beforeEach(() => {
    t = createTestTenant(emu, { users: 1 });
    emu.exchange.grant(t.tenant.id, t.app.appId);
    provider = createM365Provider(t.connection);
  });
  afterAll(async () => emu.close());

  it('plan changes nothing; apply creates one rule per policy rule; a second apply keeps them all', async () => {
    const specs = policyRules(DLP);
    const plan = await provider.syncDlpRules(specs, false);
    expect(ops(plan)).toEqual(['create builtin-payment-card', 'create builtin-private-key', 'create builtin-uk-nino', 'create pattern-emp', 'create words-falcon']);
    expect(rules()).toEqual([]);
    await provider.syncDlpRules(specs, true);
    expect(rules().map((r) => r.Name).sort()).toEqual(['MailWarden DLP - builtin-payment-card', 'MailWarden DLP - builtin-private-key', 'MailWarden DLP - builtin-uk-nino', 'MailWarden DLP - pattern-emp', 'MailWarden DLP - words-falcon']);
    const card = rules().find((r) => r.Name.endsWith('payment-card'))!;
    expect(card).toMatchObject({ FromScope: 'InOrganization', SentToScope: 'NotInOrganization', RejectMessageEnhancedStatusCode: '5.7.1', SetAuditSeverity: 'High', MessageContainsDataClassifications: ['{"Name":"Credit Card Number","minCount":"1"}'] });
    expect(String(card.Comments)).toMatch(/\[mailwarden-dlp key=builtin-payment-card v=[0-9a-f]{12}\]/);
    // No Exchange type for private keys: our provider-safe pattern instead.
    expect(rules().find((r) => r.Name.endsWith('private-key'))!.SubjectOrBodyMatchesPatterns).toEqual([expect.stringContaining('PRIVATE KEY')]);
    expect(rules().find((r) => r.Name.endsWith('uk-nino'))!.NotifySender).toBe('NotifyOnly');
    expect(rules().find((r) => r.Name.endsWith('words-falcon'))!.SubjectOrBodyContainsWords).toEqual(['falcon', 'kestrel']);
    const again = await provider.syncDlpRules(specs, true);
    expect(again.every((p) => p.op === 'keep')).toBe(true);
    expect(again.find((p) => p.name === 'words-falcon')!.detail).toContain('count ≥ 2 enforced by the MailWarden scan only');
  });

  it('recreates a rule the admin deleted, reverts an admin edit, updates on a policy change, deletes what the policy dropped', async () => {
    await provider.syncDlpRules(policyRules(DLP), true);
    emu.exchange.rules.remove(t.tenant.id, { Identity: 'MailWarden DLP - pattern-emp' });
    emu.exchange.rules.update(t.tenant.id, { Identity: 'MailWarden DLP - words-falcon', SubjectOrBodyContainsWords: ['falcon'] });
    const repaired = await provider.syncDlpRules(policyRules(DLP), true);
    expect(ops(repaired.filter((p) => p.op !== 'keep'))).toEqual(['create pattern-emp', 'update words-falcon']);
    expect(repaired.find((p) => p.name === 'words-falcon')!.detail).toContain('edited in Exchange (words)');
    expect(rules().find((r) => r.Name.endsWith('words-falcon'))!.SubjectOrBodyContainsWords).toEqual(['falcon', 'kestrel']);
    expect(rules().some((r) => r.Name.endsWith('pattern-emp'))).toBe(true);

    const changed = { ...DLP, patterns: [], builtins: { ...DLP.builtins, DLP_PAYMENT_CARD: { action: 'audit' } } };
    const plan = await provider.syncDlpRules(policyRules(changed), true);
    expect(ops(plan.filter((p) => p.op !== 'keep'))).toEqual(['delete pattern-emp', 'update builtin-payment-card']);
    expect(plan.find((p) => p.name === 'builtin-payment-card')!.detail).toContain('policy changed');
    const card = rules().find((r) => r.Name.endsWith('payment-card'))!;
    expect(card.RejectMessageReasonText).toBeNull();
    expect(card.SetAuditSeverity).toBe('Low');
    expect(rules().some((r) => r.Name.endsWith('pattern-emp'))).toBe(false);
    expect((await provider.syncDlpRules(policyRules(changed), true)).every((p) => p.op === 'keep')).toBe(true);
  });

  it('never touches rules it did not make, even with our name prefix; a name clash is reported, not overwritten', async () => {
    emu.exchange.rules.create(t.tenant.id, { Name: 'Block outbound to rivals', SentToScope: 'NotInOrganization', SubjectOrBodyContainsWords: ['rival'] });
    emu.exchange.rules.create(t.tenant.id, { Name: 'MailWarden DLP - pattern-emp', Comments: 'made by hand', SubjectOrBodyContainsWords: ['x'] });
    emu.exchange.rules.create(t.tenant.id, { Name: 'MailWarden DLP - legacy', Comments: 'made by hand', SubjectOrBodyContainsWords: ['y'] });
    const plan = await provider.syncDlpRules(policyRules(DLP), true);
    expect(plan.find((p) => p.name === 'pattern-emp')).toMatchObject({ op: 'keep', detail: expect.stringContaining('conflict') });
    expect(plan.some((p) => p.op === 'delete')).toBe(false);
    expect(rules().find((r) => r.Name === 'MailWarden DLP - pattern-emp')!.Comments).toBe('made by hand');
    expect(rules().map((r) => r.Name)).toEqual(expect.arrayContaining(['Block outbound to rivals', 'MailWarden DLP - legacy']));
    const none = await provider.syncDlpRules([], true);
    expect(none.filter((p) => p.op === 'delete')).toHaveLength(4);
    expect(rules().map((r) => r.Name).sort()).toEqual(['Block outbound to rivals', 'MailWarden DLP - legacy', 'MailWarden DLP - pattern-emp']);
  });

  it('pages through Get-TransportRule and rides out a 429 with Retry-After', async () => {
    emu.exchange.pageSize = 2;
    try {
      await provider.syncDlpRules(policyRules(DLP), true);
      emu.exchange.faults.push(429);
      const plan = await provider.syncDlpRules(policyRules(DLP), false);
      expect(plan.map((p) => p.op)).toEqual(['keep', 'keep', 'keep', 'keep', 'keep']);
      expect(emu.exchange.calls.filter((c) => c.tenantId === t.tenant.id && c.status === 429)).toHaveLength(1);
    } finally {
      emu.exchange.pageSize = null;
    }
  });

  it('without Exchange.ManageAsApp: unauthorized, naming the permission; without an Exchange role: forbidden, naming the role', async () => {
    emu.exchange.grant(t.tenant.id, t.app.appId, { manageAsApp: false });
    expect(await codeOf(provider.syncDlpRules(policyRules(DLP), false))).toMatch(/^unauthorized: Get-TransportRule: .*Exchange\.ManageAsApp/);
    emu.exchange.grant(t.tenant.id, t.app.appId, { role: null });
    expect(await codeOf(provider.syncDlpRules(policyRules(DLP), false))).toMatch(/^forbidden: Get-TransportRule: .*Exchange role/);
    emu.exchange.grant(t.tenant.id, t.app.appId, { role: 'View-Only Configuration' });
    expect(await provider.syncDlpRules(policyRules(DLP), false)).toHaveLength(5);
    expect(await codeOf(provider.syncDlpRules(policyRules(DLP), true))).toMatch(/^forbidden: New-TransportRule/);
  });

  it('a Graph token is no good at Exchange, nor an Exchange token at Graph', async () => {
    const token = await fetch(`${emu.url}/${t.tenant.id}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: t.app.appId, client_secret: t.secret, scope: 'https://outlook.office365.com/.default' }) }).then((r) => r.json() as Promise<{ access_token: string }>);
    const graph = await fetch(`${emu.graphBaseUrl}/users`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(graph.status).toBe(401);
    const exo = await fetch(`${emu.url}/adminapi/beta/${t.tenant.id}/InvokeCommand`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ CmdletInput: { CmdletName: 'Get-TransportRule', Parameters: {} } }) });
    expect(exo.status).toBe(200);
  });

  it('classifies the service\'s error envelope by exception type, not by text', () => {
    const body = { error: { code: 'NotFound', message: 'Error executing cmdlet', details: [{ code: 'Client', message: "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x' couldn't be found." }] } };
    expect(classifyInvokeError(404, body, 'Set-TransportRule')).toMatchObject({ code: 'not_found', message: expect.stringContaining("object 'x'") });
    expect(classifyInvokeError(500, { error: { details: [{ message: 'Ex1|Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException|exists' }] } }, 'New-TransportRule').code).toBe('conflict');
    expect(classifyInvokeError(503, null, 'Get-TransportRule')).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect(classifyInvokeError(429, null, 'Get-TransportRule', 2000)).toMatchObject({ code: 'throttled', retryAfterMs: 2000 });
  });
});
