import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { generateDlpCorpus } from '../../../scripts/dlp-corpus.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { dlpDetector } from '../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../../src/pipeline/webhook-deps.ts';
import { dlpIncidentsRepo } from '../../../src/store/dlp-incidents-repo.ts';

const samples = generateDlpCorpus(40, 21);
const TENANT = 'dlp-leak-test';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('DLP: sensitive values never reach the database (verdicts, incidents) or the logs', () => {
  let dir: string;
  let rt: Runtime;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-dlp-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'debug', SCAN_CONCURRENCY: '4', JOB_BACKOFF_MS: '5' });
    const engine = createScanEngine({ detectors: [dlpDetector], lists: { get: () => new Set(), has: () => false } });
    const destination = new Writable({ write: (chunk, _enc, cb) => (logs.push(String(chunk)), cb()) });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'debug', destination }), metrics: createMetrics() });
    await rt.store.tenants.upsert({ id: TENANT, name: 'Leak Co', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    await rt.store.mailboxes.upsert({ tenantId: TENANT, provider: 'memory', mailboxId: 'sam', address: 'sam@acme.example' });
    sharedMemoryStore.addMailbox(TENANT, 'sam', 'sam@acme.example');
    await rt.startWorkers();
  });

  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans sent mail, records masked DLP findings, and no file or log line holds a planted value', async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    const keys: { key: string; expected: string[] }[] = [];
    for (const s of samples) {
      const id = sharedMemoryStore.deliver(TENANT, 'sam', s.raw, 'outbound');
      await deps.enqueueNotification({ provider: 'memory', tenantId: TENANT, mailboxId: 'sam', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
      keys.push({ key: ids.message('memory', TENANT, 'sam', id), expected: s.expected });
    }
    const end = Date.now() + 60_000;
    for (;;) {
      const counts = await Promise.all([rt.queues.notifications, rt.queues.scan, rt.queues.remediate].map((q) => q.counts()));
      if (counts.every((c) => c.waiting + c.active + c.delayed === 0)) break;
      if (Date.now() > end) throw new Error('pipeline not drained');
      await new Promise((r) => setTimeout(r, 20));
    }

    // Fires: every message with planted data has its rules on the stored verdict; clean ones have none.
    for (const k of keys) {
      const stored = await rt.store.messages.verdict(k.key);
      expect(stored, k.key).toBeTruthy();
      const rules = new Set(stored!.verdict.findings.filter((f) => f.category === 'dlp').map((f) => f.rule));
      expect([...rules].sort()).toEqual([...k.expected].sort());
    }
    expect(keys.filter((k) => k.expected.length > 0).length).toBeGreaterThan(10);
    // Each message that left with sensitive data is one incident naming the same rules (grepped below with the rest).
    const incidents = dlpIncidentsRepo(rt.store.db);
    for (const k of keys) {
      const incident = await incidents.forMessage(k.key);
      if (k.expected.length === 0) expect(incident, k.key).toBeNull();
      else expect(incident?.rules.map((r) => r.rule).sort(), k.key).toEqual([...k.expected].sort());
    }

    await rt.close();
    expect(logs.length).toBeGreaterThan(0);
    const planted = samples.flatMap((s) => s.planted);
    expect(planted.length).toBeGreaterThan(10);
    const haystacks = [...filesUnder(dir).map((f) => ({ name: f, text: readFileSync(f).toString('latin1') })), { name: 'logs', text: logs.join('') }];
    expect(haystacks.some((h) => h.name.endsWith('.db') || h.name.includes('sqlite'))).toBe(true);
    for (const h of haystacks) for (const v of planted) expect(h.text.includes(v), `${v} in ${h.name}`).toBe(false);
  });
});
