import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageModel } from '../../../src/core/message.ts';
import type { Verdict } from '../../../src/core/verdict.ts';
import { decide } from '../../../src/policy/decide.ts';
import { DEFAULT_POLICY } from '../../../src/policy/defaults.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { detectionsRepo } from '../../../src/store/detections-repo.ts';
import type { Store } from '../../../src/store/store.ts';
import { summariesRepo } from '../../../src/store/summaries-repo.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const keyring = createKeyring('k1', randomBytes(32));
const phishing: Verdict = { verdict: 'phishing', score: 12, categories: { phishing: 12 }, findings: [], failures: [] };

/** The two fields the summary keeps, shaped as the parser gives them. */
const model = (sender: string, subject: string) => ({ sender: { email: { email: sender } }, subject: { subject } }) as unknown as Pick<MessageModel, 'sender' | 'subject'>;

describe.each(storeBackends(keyring))('detections repository on %s', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
    const messages: [string, string, string, string][] = [
      ['tA', 'm1', 'billing@paypa1.example', 'Your Account Is Limited - action required'],
      ['tA', 'm2', 'hr@corp.example', 'Q3 bonus: 100% paid_out <img src=x onerror=alert(1)>'],
      ['tA', 'm3', 'noreply@limited-offers.example', 'Weekly deals'],
      ['tB', 'm4', 'billing@paypa1.example', 'Your account is limited'],
    ];
    for (const [tenantId, key, sender, subject] of messages) {
      await store.messages.recordSeen({ key, tenantId, mailboxId: 'u1', messageId: `x-${key}`, direction: 'inbound' });
      await summariesRepo(store.db).record(key, tenantId, model(sender, subject));
      await store.messages.recordVerdict(key, tenantId, phishing, decide(phishing, DEFAULT_POLICY), 1);
    }
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  const keys = async (tenantId: string, text: string) => (await detectionsRepo(store.db).list(tenantId, { limit: 50, text })).items.map((i) => i.messageKey).sort();

  it('returns each row with its subject and sender, hostile markup kept verbatim as text', async () => {
    const page = await detectionsRepo(store.db).list('tA', { limit: 50 });
    const m2 = page.items.find((i) => i.messageKey === 'm2');
    expect(m2).toMatchObject({ sender: 'hr@corp.example', subject: 'Q3 bonus: 100% paid_out <img src=x onerror=alert(1)>' });
  });

  it('searches subjects and sender addresses case-insensitively, within the tenant only', async () => {
    expect(await keys('tA', 'account is LIMITED')).toEqual(['m1']);
    expect(await keys('tA', 'limited')).toEqual(['m1', 'm3']);
    expect(await keys('tA', 'PAYPA1.example')).toEqual(['m1']);
    expect(await keys('tB', 'limited')).toEqual(['m4']);
    expect(await keys('tA', 'nothing like this')).toEqual([]);
  });

  it('matches % and _ literally, not as LIKE wildcards', async () => {
    expect(await keys('tA', '100%')).toEqual(['m2']);
    expect(await keys('tA', '%')).toEqual(['m2']);
    expect(await keys('tA', 'paid_out')).toEqual(['m2']);
    expect(await keys('tA', 'paid_ou_')).toEqual([]);
    expect(await keys('tA', 'y%r')).toEqual([]);
  });
});
