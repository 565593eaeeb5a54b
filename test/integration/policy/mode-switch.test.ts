import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { policyStorePort, updatePolicy } from '../../../src/policy/index.ts';
import { testMessage, verdictFromSubject } from '../../helpers/verdict-detector.ts';

const T = 'policy-switch';

describe('tenant policy in the pipeline (SQLite, in-process queues, memory provider)', () => {
  let dir: string;
  let rt: Runtime;
  let n = 0;

  async function send(mailbox: string, kind: 'phishing' | 'clean', from?: string, authResults?: string): Promise<string> {
    let raw = testMessage(kind, 7000 + n++);
    if (from) raw = new TextEncoder().encode(new TextDecoder().decode(raw).replace(/^From: .*$/m, `From: ${from}`));
    if (authResults) raw = new TextEncoder().encode(`Authentication-Results: mx.google.com; ${authResults}\r\n${new TextDecoder().decode(raw)}`);
    const id = sharedMemoryStore.deliver(T, mailbox, raw);
    await createWebhookDeps(rt.store, rt.queues).enqueueNotification({ provider: 'memory', tenantId: T, mailboxId: mailbox, trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
    const end = Date.now() + 30_000;
    for (;;) {
      const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
      if (counts.every((c) => c.waiting + c.active + c.delayed === 0)) return id;
      if (Date.now() > end) throw new Error('not drained');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-policy-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5' });
    const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: T, name: 'Switch Co', provider: 'memory', settings: {} });
    for (const m of ['ann', 'cfo']) {
      await rt.store.mailboxes.upsert({ tenantId: T, provider: 'memory', mailboxId: m, address: `${m}@switch.example` });
      sharedMemoryStore.addMailbox(T, m, `${m}@switch.example`);
    }
    await rt.startWorkers();
  });

  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new tenant is in monitor mode: phishing is recorded as would-quarantine and left in the inbox', async () => {
    const id = await send('ann', 'phishing');
    expect(sharedMemoryStore.location(T, 'ann', id)).toBe('inbox');
    const actions = await rt.store.actions.forMessage(ids.message('memory', T, 'ann', id));
    expect(actions.map((a) => a.status)).toEqual(['monitor']);
  });

  it('switching to enforce (validated, versioned) acts on the very next message', async () => {
    const { version } = await updatePolicy(policyStorePort(rt.store), T, { mode: 'enforce' }, 'user:admin');
    expect(version).toBe(1);
    const id = await send('ann', 'phishing');
    expect(sharedMemoryStore.location(T, 'ann', id)).toBe('quarantine');
    const clean = await send('ann', 'clean');
    expect(sharedMemoryStore.location(T, 'ann', clean)).toBe('inbox');
  });

  it('a group back in monitor mode is left alone while the rest of the tenant is enforced', async () => {
    await updatePolicy(policyStorePort(rt.store), T, { mode: 'enforce', groups: [{ id: 'board', members: ['cfo@switch.example'], overrides: { mode: 'monitor' } }] }, 'user:admin');
    expect(sharedMemoryStore.location(T, 'cfo', await send('cfo', 'phishing'))).toBe('inbox');
    expect(sharedMemoryStore.location(T, 'ann', await send('ann', 'phishing'))).toBe('quarantine');
  });

  it('an allow entry spares authenticated mail only: the same allowed sender signed by another domain is quarantined', async () => {
    await updatePolicy(policyStorePort(rt.store), T, { mode: 'enforce', allow: { domains: ['partner.example'] } }, 'user:admin');
    const genuine = await send('ann', 'phishing', undefined, 'dkim=pass header.d=partner.example; spf=pass smtp.mailfrom=partner.example; dmarc=pass header.from=partner.example');
    expect(sharedMemoryStore.location(T, 'ann', genuine)).toBe('inbox');
    expect((await rt.store.messages.verdict(ids.message('memory', T, 'ann', genuine)))?.decision.reason).toMatch(/allow list \(partner\.example, authenticated\)/);
    const aligned = await send('ann', 'phishing', undefined, 'dkim=pass header.d=mail.partner.example');
    expect(sharedMemoryStore.location(T, 'ann', aligned)).toBe('inbox');
    const spoofed = await send('ann', 'phishing', undefined, 'dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=attacker.example');
    expect(sharedMemoryStore.location(T, 'ann', spoofed)).toBe('quarantine');
    expect((await rt.store.messages.verdict(ids.message('memory', T, 'ann', spoofed)))?.decision.reason).toMatch(/allow entry partner\.example ignored: sender not authenticated/);
    const failed = await send('ann', 'phishing', undefined, 'dkim=pass header.d=partner.example; dmarc=fail header.from=partner.example');
    expect(sharedMemoryStore.location(T, 'ann', failed)).toBe('quarantine');
  });

  it('block list quarantines a clean-looking message from a blocked domain; others pass', async () => {
    await updatePolicy(policyStorePort(rt.store), T, { mode: 'enforce', block: { domains: ['blocked.example'] } }, 'user:admin');
    expect(sharedMemoryStore.location(T, 'ann', await send('ann', 'clean', 'Eve <eve@blocked.example>'))).toBe('quarantine');
    expect(sharedMemoryStore.location(T, 'ann', await send('ann', 'clean', 'Bob <bob@fine.example>'))).toBe('inbox');
  });
});
