import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { dlpDetector } from '../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../src/engine/scan-message.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createRuntime, type Runtime } from '../../../src/pipeline/runtime.ts';
import { dlpIncidentsRepo } from '../../../src/store/dlp-incidents-repo.ts';

const TENANT = 'dlp-restart';
const dir = mkdtempSync(join(tmpdir(), 'mw-dlp-restart-'));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOB_BACKOFF_MS: '5', ALERT_DIGEST: 'false', ALERT_RECIPIENTS: 'soc@restart.example', ALERT_FROM: 'alerts@restart.example' });
const start = () => createRuntime(config, { engine: createScanEngine({ detectors: [dlpDetector], lists: { get: () => new Set(), has: () => false } }), logger: createLogger({ level: 'silent' }), metrics: createMetrics() });

describe('embedded service restart: incident actions the in-process queues lost are run after the restart, once', () => {
  let rt: Runtime | null = null;
  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an incident whose alert and sent-copy removal were queued when the process stopped gets both after the restart', async () => {
    // The first life: the scan worker opened the incident and queued its actions, then the process stopped
    // before any worker ran them (recorded here directly, as the scan worker does, without starting workers).
    const first = await start();
    await first.store.tenants.upsert({ id: TENANT, name: 'Restart Co', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    await first.store.mailboxes.upsert({ tenantId: TENANT, provider: 'memory', mailboxId: 'kim', address: 'kim@restart.example' });
    sharedMemoryStore.addMailbox(TENANT, 'kim', 'kim@restart.example');
    const raw = new TextEncoder().encode('From: kim@restart.example\r\nTo: x@other.example\r\nSubject: iban\r\n\r\nDE89370400440532013000\r\n');
    const messageId = sharedMemoryStore.deliver(TENANT, 'kim', raw, 'outbound');
    const messageKey = ids.message('memory', TENANT, 'kim', messageId);
    const repo = dlpIncidentsRepo(first.store.db);
    const { id } = await repo.open({ tenantId: TENANT, messageKey, provider: 'memory', mailboxId: 'kim', mailboxAddress: 'kim@restart.example', messageId, sender: 'kim@restart.example', recipients: ['x@other.example'], subject: 'iban', rules: [{ rule: 'DLP_IBAN', description: 'IBAN', count: 1, evidence: ['1× DE IBAN in body: DE******************00'] }] });
    for (const a of ['alert', 'removeSentCopy'] as const) await repo.recordAction(id, TENANT, a, 'queued');
    await first.close();

    rt = await start();
    const outboxBefore = sharedMemoryStore.outbox.length;
    await rt.startWorkers();
    const end = Date.now() + 20_000;
    const statuses = async () => ((await dlpIncidentsRepo(rt!.store.db).get(TENANT, id))?.actions ?? []).map((a) => `${a.action}:${a.status}`).sort().join(',');
    while ((await statuses()) !== 'alert:done,removeSentCopy:done') {
      if (Date.now() > end) throw new Error(`actions never settled: ${await statuses()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(sharedMemoryStore.location(TENANT, 'kim', messageId)).toBe('gone');
    expect(await rt.store.vault.has(messageKey)).toBe(true);
    const sent = sharedMemoryStore.outbox.slice(outboxBefore).filter((m) => m.text.includes(id));
    expect(sent.map((m) => m.to)).toEqual([['soc@restart.example']]);
    // Nothing is left queued, so a further restart has nothing to redo.
    expect(await dlpIncidentsRepo(rt.store.db).queuedActions()).toEqual([]);
  }, 60_000);
});
