import { describe, expect, it } from 'vitest';
import { authenticationDetector } from '../../../../../src/engine/detectors/authentication/index.ts';
import { makeContext } from '../../../../helpers/detector-context.ts';
import { auth, fields, mailbox, makeModel } from '../../../../helpers/model-factory.ts';
import type { AuthSummary } from '../../../../../src/core/message.ts';

function withAuth(summary: AuthSummary, from = 'billing@vendor.example', extraFields: [string, string][] = []) {
  return makeModel({ sender: mailbox(from), headers: { auth_summary: summary, fields: fields([['From', from], ...extraFields]) } });
}

function detail(summary: AuthSummary, key: keyof AuthSummary, details: string): AuthSummary {
  summary[key] = { ...summary[key], details };
  return summary;
}

async function rules(summary: AuthSummary, from?: string, extra?: [string, string][], ctx = makeContext()): Promise<string[]> {
  return (await authenticationDetector.detect(withAuth(summary, from, extra), ctx)).map((f) => f.rule).sort();
}

describe('authentication detector: DMARC policies', () => {
  it('weighs a failing p=reject domain (Google p=REJECT, Microsoft action=oreject) above p=none', async () => {
    const google = detail(auth({ spf: 'softfail', dkim: 'pass', dmarc: 'fail' }), 'dmarc', 'dmarc=fail (p=REJECT sp=REJECT dis=QUARANTINE) header.from=paypal.com');
    expect(await rules(google)).toEqual(['DMARC_FAIL_POLICY_REJECT', 'SPF_SOFTFAIL']);
    const ms = detail(auth({ spf: 'fail', dkim: 'none', dmarc: 'fail', compauth: 'fail' }), 'dmarc', 'dmarc=fail action=oreject header.from=bradesco.com.br');
    const found = await authenticationDetector.detect(withAuth(ms, 'x@bradesco.com.br'), makeContext());
    expect(found.map((f) => f.rule).sort()).toEqual(['DMARC_FAIL_POLICY_REJECT', 'SPF_FAIL']);
    expect(found[0]!.evidence).toContain('DMARC fail for bradesco.com.br, policy reject');
    const quarantine = detail(auth({ dmarc: 'fail' }), 'dmarc', 'dmarc=fail action=quarantine header.from=shop.example');
    expect(await rules(quarantine)).toEqual(['DMARC_FAIL_POLICY_QUARANTINE']);
    const none = detail(auth({ spf: 'pass', dmarc: 'fail' }), 'dmarc', 'dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=shop.example');
    expect(await rules(none)).toEqual(['DMARC_FAIL']);
  });
  it('does not fire on passing mail, nor on a forwarded message whose DMARC passed via DKIM', async () => {
    expect(await rules(auth({ spf: 'pass', dkim: 'pass', dmarc: 'pass', compauth: 'pass' }))).toEqual([]);
    expect(await rules(auth({ spf: 'fail', dkim: 'pass', dmarc: 'pass' }))).toEqual([]);
    expect(await rules(auth({ spf: 'pass', dkim: 'pass', dmarc: 'bestguesspass' }))).toEqual([]);
  });
  it('halves failures on mailing-list mail', async () => {
    const found = await authenticationDetector.detect(withAuth(auth({ spf: 'pass', dmarc: 'fail' }), undefined, [['List-Id', '<dev.lists.example>']]), makeContext());
    expect(found.map((f) => [f.rule, f.confidence])).toEqual([['DMARC_FAIL', 0.5]]);
  });
});

describe('authentication detector: free-mail DMARC', () => {
  it('treats a DMARC failure for gmail.com (p=none) as forgery, not for an ordinary p=none domain', async () => {
    const gmail = detail(auth({ spf: 'softfail', dkim: 'none', dmarc: 'fail' }), 'dmarc', 'dmarc=fail action=none header.from=gmail.com');
    expect(await rules(gmail, 'bernard.arnault1949@gmail.com')).toEqual(['FREEMAIL_DMARC_FAIL', 'SPF_SOFTFAIL']);
    const shop = detail(auth({ spf: 'softfail', dkim: 'none', dmarc: 'fail' }), 'dmarc', 'dmarc=fail action=none header.from=shop.example');
    expect(await rules(shop, 'news@shop.example')).toEqual(['DMARC_FAIL', 'SPF_SOFTFAIL']);
  });
});

describe('authentication detector: SPF, DKIM, compauth, ARC', () => {
  it('reports SPF and DKIM failures', async () => {
    expect(await rules(auth({ spf: 'fail', dkim: 'fail', dmarc: 'none' }))).toEqual(['DKIM_FAIL', 'NO_AUTHENTICATION', 'SPF_FAIL']);
  });
  it('reports compauth only when DMARC did not already fail, with the reason code', async () => {
    const implicit = detail(auth({ spf: 'none', dkim: 'none', dmarc: 'permerror', compauth: 'fail' }), 'compauth', 'compauth=fail reason=001');
    const found = await authenticationDetector.detect(withAuth(implicit), makeContext());
    expect(found.find((f) => f.rule === 'COMPAUTH_FAIL')?.evidence).toBe('compauth=fail reason=001 for vendor.example');
    expect(await rules(auth({ dmarc: 'fail', compauth: 'fail' }))).toEqual(['DMARC_FAIL']);
  });
  it('reports a broken ARC chain, not a valid one', async () => {
    expect(await rules(auth({ spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'fail' }))).toEqual(['ARC_FAIL']);
    expect(await rules(auth({ spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'pass' }))).toEqual([]);
  });
  it('says nothing when no receiver stamped results', async () => {
    expect(await rules(auth())).toEqual([]);
  });
});

describe('authentication detector: the organisation\'s own domain', () => {
  it('flags inbound mail claiming acme.com that fails authentication', async () => {
    expect(await rules(auth({ spf: 'fail', dkim: 'none', dmarc: 'none' }), 'ceo@acme.com')).toEqual(['ORG_DOMAIN_SPOOF', 'SPF_FAIL']);
  });
  it('does not flag authenticated mail from acme.com', async () => {
    expect(await rules(auth({ spf: 'pass', dkim: 'pass', dmarc: 'pass' }), 'ceo@acme.com')).toEqual([]);
  });
});
