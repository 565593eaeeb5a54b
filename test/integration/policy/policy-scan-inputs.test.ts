import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { senderDetector } from '../../../src/engine/detectors/sender/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { policyStorePort, updatePolicy } from '../../../src/policy/index.ts';

const T = 'policy-inputs';

/**
 * The policy fields that feed the scan itself, through the scan worker with the real sender detector: the
 * tenant's VIPs and org domains (impersonation), per-rule weight overrides and disabled rules.
 */
describe('policy VIPs, org domains, rule weights and disabled rules in the scan (SQLite, memory provider)', () => {
  let dir: string;
  let rt: Runtime;
  let n = 0;

  async function scan(from: string): Promise<{ rules: Record<string, number>; verdict: string }> {
    const raw = new TextEncoder().encode(`From: ${from}\r\nTo: ann@mail-host.example\r\nSubject: quick favour ${n}\r\nMessage-ID: <v${n++}@x.example>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nAre you at your desk?\r\n`);
    const id = sharedMemoryStore.deliver(T, 'ann', raw);
    await createWebhookDeps(rt.store, rt.queues).enqueueNotification({ provider: 'memory', tenantId: T, mailboxId: 'ann', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
    const key = ids.message('memory', T, 'ann', id);
    const end = Date.now() + 30_000;
    for (;;) {
      const v = await rt.store.messages.verdict(key);
      if (v) return { rules: Object.fromEntries(v.verdict.findings.map((f) => [f.rule, f.score])), verdict: v.verdict.verdict };
      if (Date.now() > end) throw new Error('no verdict');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const set = (policy: Record<string, unknown>) => updatePolicy(policyStorePort(rt.store), T, policy, 'user:admin');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-policy-inputs-'));
    const engine = createScanEngine({ detectors: [senderDetector], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5' }), { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    // The mailbox lives on a hosting domain: only the policy says which domains are the organisation's.
    await rt.store.tenants.upsert({ id: T, name: 'Inputs Co', provider: 'memory', settings: {} });
    await rt.store.mailboxes.upsert({ tenantId: T, provider: 'memory', mailboxId: 'ann', address: 'ann@mail-host.example' });
    sharedMemoryStore.addMailbox(T, 'ann', 'ann@mail-host.example');
    await rt.startWorkers();
  });
  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the policy\'s VIP makes her name on an outside address a VIP impersonation; without it, it is not', async () => {
    expect((await scan('Jane Boss <jane.boss.office@gmail.com>')).rules.VIP_IMPERSONATION).toBeUndefined();
    await set({ vips: [{ name: 'Jane Boss', email: 'jane@acme.example' }], orgDomains: ['acme.example'] });
    expect((await scan('Jane Boss <jane.boss.office@gmail.com>')).rules.VIP_IMPERSONATION).toBeGreaterThan(0);
  });

  it('the policy\'s org domains make a look-alike of them an org look-alike', async () => {
    await set({ vips: [{ name: 'Jane Boss', email: 'jane@acme.example' }], orgDomains: ['northwindtraders.com'] });
    expect((await scan('Payroll <payroll@northwindtrader.com>')).rules.LOOKALIKE_ORG_DOMAIN).toBeGreaterThan(0);
    await set({ vips: [{ name: 'Jane Boss', email: 'jane@acme.example' }], orgDomains: ['other-company.com'] });
    expect((await scan('Payroll <payroll@northwindtrader.com>')).rules.LOOKALIKE_ORG_DOMAIN).toBeUndefined();
  });

  it('a rule weight override changes the score it adds; a disabled rule adds nothing', async () => {
    const base = { vips: [{ name: 'Jane Boss', email: 'jane@acme.example' }], orgDomains: ['acme.example'] };
    await set({ ...base, ruleWeights: { VIP_IMPERSONATION: 15 } });
    const heavy = await scan('Jane Boss <jane.boss.office@gmail.com>');
    expect(heavy.rules.VIP_IMPERSONATION).toBe(15);
    expect(heavy.verdict).toBe('bec');
    await set({ ...base, disabledRules: ['VIP_IMPERSONATION'] });
    expect((await scan('Jane Boss <jane.boss.office@gmail.com>')).rules.VIP_IMPERSONATION).toBeUndefined();
  });
});
