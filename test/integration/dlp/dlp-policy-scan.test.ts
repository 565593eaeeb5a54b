/**
 * The scan worker applies the tenant policy's `dlp` section: tenant patterns and word lists fire on the tenant's
 * outbound mail (and only that tenant's), disabled built-ins score nothing, and a policy edit acts on the next
 * message. Embedded pipeline: SQLite, in-process queues, memory provider, the real DLP detector.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { dlpDetector } from '../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { updatePolicy, policyStorePort } from '../../../src/policy/index.ts';

const CARD = '5555555555554444';
const body = `Budget for falcon and kestrel attached; employee EMP-123456; card ${CARD}.`;

function outbound(from: string, subject: string): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: partner@elsewhere.example\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@x>\r\n` +
      `Date: Thu, 03 Dec 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`,
  );
}

describe('the scan worker runs each tenant\'s DLP policy', () => {
  let dir: string;
  let rt: Runtime;

  async function scanOutbound(tenant: string, mailbox: string, subject: string): Promise<string[]> {
    const id = sharedMemoryStore.deliver(tenant, mailbox, outbound(`${mailbox}@${tenant}.example`, subject), 'outbound');
    const deps = createWebhookDeps(rt.store, rt.queues);
    await deps.enqueueNotification({ provider: 'memory', tenantId: tenant, mailboxId: mailbox, trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
    const key = ids.message('memory', tenant, mailbox, id);
    const end = Date.now() + 30_000;
    for (;;) {
      const v = await rt.store.messages.verdict(key);
      if (v) return v.verdict.findings.map((f) => f.rule).sort();
      if (Date.now() > end) throw new Error('no verdict');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-dlp-scan-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5' });
    const engine = createScanEngine({ detectors: [dlpDetector], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    for (const t of ['falconco', 'otherco']) {
      await rt.store.tenants.upsert({ id: t, name: t, provider: 'memory', settings: {} });
      await rt.store.mailboxes.upsert({ tenantId: t, provider: 'memory', mailboxId: 'u1', address: `u1@${t}.example` });
      sharedMemoryStore.addMailbox(t, 'u1', `u1@${t}.example`);
    }
    await updatePolicy(policyStorePort(rt.store), 'falconco', {
      dlp: {
        builtins: { DLP_PAYMENT_CARD: { enabled: false } },
        patterns: [{ id: 'emp', name: 'Employee ids', regex: 'EMP-[0-9]{6}' }],
        wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon', 'kestrel'], minCount: 2 }],
      },
    }, 'test');
    await rt.startWorkers();
  });

  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the tenant\'s own rules fire, its disabled built-in does not; another tenant sees only the built-ins', async () => {
    expect(await scanOutbound('falconco', 'u1', 'first')).toEqual(['DLP_CUSTOM_PATTERN', 'DLP_WORD_LIST']);
    expect(await scanOutbound('otherco', 'u1', 'first')).toEqual(['DLP_PAYMENT_CARD']);
  });

  it('a policy edit acts on the next message', async () => {
    await updatePolicy(policyStorePort(rt.store), 'falconco', { dlp: { wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon'], minCount: 3 }] } }, 'test');
    expect(await scanOutbound('falconco', 'u1', 'second')).toEqual(['DLP_PAYMENT_CARD']);
  });
});
