import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../connectors/memory/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { ids } from '../../src/pipeline/jobs.ts';
import { createRuntime } from '../../src/pipeline/runtime.ts';
import { testMessage } from '../helpers/verdict-detector.ts';
import { decide } from '../../src/policy/decide.ts';
import { DEFAULT_POLICY } from '../../src/policy/defaults.ts';

describe('embedded service restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mw-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('unscanned messages and unacted decisions from before a stop are finished after the next start, once', async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const opts = () => ({ logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    const first = await createRuntime(config, opts());
    await first.store.tenants.upsert({ id: 'r', name: 'R', provider: 'memory', settings: {} });
    await first.store.mailboxes.upsert({ tenantId: 'r', provider: 'memory', mailboxId: 'm', address: 'm@r.example' });
    sharedMemoryStore.addMailbox('r', 'm', 'm@r.example');
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = sharedMemoryStore.deliver('r', 'm', testMessage('clean', i));
      const key = ids.message('memory', 'r', 'm', id);
      keys.push(key);
      // The notification worker got this far (message recorded, scan job in the in-process queue), then the
      // process stopped before any scan ran.
      await first.store.messages.recordSeen({ key, tenantId: 'r', mailboxId: 'm', messageId: id, direction: 'inbound' });
    }
    // This one was scanned and decided (quarantine), and the process stopped before the remediation ran.
    const decidedId = sharedMemoryStore.deliver('r', 'm', testMessage('phishing', 99));
    const decidedKey = ids.message('memory', 'r', 'm', decidedId);
    await first.store.messages.recordSeen({ key: decidedKey, tenantId: 'r', mailboxId: 'm', messageId: decidedId, direction: 'inbound' });
    const verdict = { verdict: 'phishing' as const, score: 20, categories: { phishing: 20 }, findings: [], failures: [] };
    await first.store.messages.recordVerdict(decidedKey, 'r', verdict, decide(verdict, { ...DEFAULT_POLICY, mode: 'enforce' }), 1);
    await first.close();

    const second = await createRuntime(config, opts());
    await second.startWorkers();
    const end = Date.now() + 30_000;
    while (Object.values(await second.store.messages.countVerdicts('r')).reduce((a, b) => a + b, 0) < 6 || sharedMemoryStore.location('r', 'm', decidedId) !== 'quarantine') {
      if (Date.now() > end) throw new Error('not recovered');
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const key of keys) expect((await second.store.messages.get(key))?.status).toBe('scanned');
    expect((await second.store.actions.forMessage(decidedKey)).map((a) => `${a.action}:${a.status}`)).toEqual(['quarantine:done']);
    expect(await second.store.vault.has(decidedKey)).toBe(true);
    const fetchesAfterRecovery = sharedMemoryStore.count('fetchRaw');
    await second.close();

    const third = await createRuntime(config, opts());
    await third.startWorkers();
    await new Promise((r) => setTimeout(r, 200));
    expect(sharedMemoryStore.count('fetchRaw')).toBe(fetchesAfterRecovery); // nothing left to recover
    await third.close();
  });
});
