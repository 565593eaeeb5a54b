import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { createDefaultEngine } from '../../../src/engine/default-engine.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { packIdOf, rulePackIndex, rulesOutsidePacks } from '../../../src/pipeline/rule-packs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';

/** A pack folder holding one rule that fires on a subject word. */
function pack(root: string, name: string, id: string, word: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rule.yml'), `name: "Subject says ${word}"\ntype: "rule"\nseverity: "high"\nsource: |\n  type.inbound and strings.icontains(subject.subject, "${word}")\nid: "${id}"\n`);
  return dir;
}

/**
 * "Rule packs in use" per tenant: the service loads every configured pack once; a tenant whose policy names
 * packs gets only their rules, a tenant naming none gets all of them.
 */
describe('rule packs chosen per tenant (SQLite, in-process queues, memory provider, real MQL packs)', () => {
  let dir: string;
  let rt: Runtime;
  let n = 0;
  let packs: string[];

  async function send(tenant: string): Promise<string[]> {
    const raw = new TextEncoder().encode(`From: A <a@partner.example>\r\nTo: ann@${tenant}.example\r\nSubject: urgent wire today ${n}\r\nMessage-ID: <p${n++}@partner.example>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nHello.\r\n`);
    const id = sharedMemoryStore.deliver(tenant, 'ann', raw);
    await createWebhookDeps(rt.store, rt.queues).enqueueNotification({ provider: 'memory', tenantId: tenant, mailboxId: 'ann', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
    const key = ids.message('memory', tenant, 'ann', id);
    const end = Date.now() + 30_000;
    for (;;) {
      const v = await rt.store.messages.verdict(key);
      if (v) return v.verdict.findings.map((f) => f.rule).filter((r) => r.startsWith('MQL_')).sort();
      if (Date.now() > end) throw new Error('no verdict');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-packs-'));
    packs = [pack(dir, 'finance-pack', 'WIRE_REQUEST', 'wire'), pack(dir, 'urgency', 'URGENT_SUBJECT', 'urgent')];
    const { engine } = await createDefaultEngine({ rulePacks: packs });
    rt = await createRuntime(loadConfig({ DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5', RULE_PACKS: packs.join(',') }), { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    for (const [t, rulePacks] of [['picky', ['urgency']], ['all', []]] as const) {
      await rt.store.tenants.upsert({ id: t, name: t, provider: 'memory', settings: {}, policy: { rulePacks: [...rulePacks] } });
      await rt.store.mailboxes.upsert({ tenantId: t, provider: 'memory', mailboxId: 'ann', address: `ann@${t}.example` });
      sharedMemoryStore.addMailbox(t, 'ann', `ann@${t}.example`);
    }
    await rt.startWorkers();
  });
  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each pack\'s rules are known by the pack id a policy uses', () => {
    expect(packs.map(packIdOf)).toEqual(['finance-pack', 'urgency']);
    const index = rulePackIndex(rt.ctx.engine, packs.map(packIdOf));
    expect(Object.fromEntries(index)).toEqual({ 'finance-pack': ['MQL_FINANCE_PACK_WIRE_REQUEST'], urgency: ['MQL_URGENCY_URGENT_SUBJECT'] });
    expect(rulesOutsidePacks(index, [])).toEqual([]);
    expect(rulesOutsidePacks(index, ['urgency'])).toEqual(['MQL_FINANCE_PACK_WIRE_REQUEST']);
  });

  it('a tenant naming one pack gets only its rules; a tenant naming none gets every loaded pack', async () => {
    expect(await send('picky')).toEqual(['MQL_URGENCY_URGENT_SUBJECT']);
    expect(await send('all')).toEqual(['MQL_FINANCE_PACK_WIRE_REQUEST', 'MQL_URGENCY_URGENT_SUBJECT']);
  });

  it('a policy edit takes effect on the next message', async () => {
    await rt.store.tenants.setPolicy('picky', { rulePacks: ['finance-pack'] });
    expect(await send('picky')).toEqual(['MQL_FINANCE_PACK_WIRE_REQUEST']);
  });
});
