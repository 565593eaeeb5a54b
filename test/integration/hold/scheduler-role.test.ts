import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMailStore, serveMemoryStore } from '../../../connectors/memory/index.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { deadLetterSink } from '../../../src/pipeline/dead-letters.ts';
import { failOpenActionId } from '../../../src/pipeline/hold-release.ts';
import { ids } from '../../../src/pipeline/jobs.ts';
import { createQueues, type Queues } from '../../../src/pipeline/queues.ts';
import { createKeyring } from '../../../src/store/crypto.ts';
import { holdRepo } from '../../../src/store/hold-repo.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../../helpers/pg-schema.ts';
import { testMessage } from '../../helpers/verdict-detector.ts';
import { waitFor } from './split-service.ts';

const MAX_WAIT_S = 6;
const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The fail-open release needs nothing but the scheduler role: `mailwarden serve --role scheduler` as its own
 * process, with no worker process anywhere, installs the hold and lets held mail out within the bound; the scans
 * it asks for wait in Redis until a worker process starts.
 */
describe('mailwarden serve --role scheduler alone releases held mail (memory provider over RPC, Redis, PostgreSQL)', () => {
  const schema = uniqueSchema('mwholdsch');
  const prefix = `mwholdsch-${randomUUID().slice(0, 8)}`;
  const vaultKey = randomBytes(32).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), 'mwholdsch-'));
  const mail = new MemoryMailStore();
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  let served: Awaited<ReturnType<typeof serveMemoryStore>>;
  let store: Store;
  let queues: Queues;
  const env = (): Record<string, string> => ({
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test', DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '4', REDIS_URL, QUEUE_PREFIX: prefix,
    VAULT_KEY: vaultKey, DATA_DIR: dataDir, LOG_LEVEL: 'info', HOST: '127.0.0.1', RULE_PACKS: 'none', SCHEDULER_INTERVAL_MS: '600000',
    HOLD_MAX_WAIT_SECONDS: String(MAX_WAIT_S),
  });
  const serve = (role: 'scheduler' | 'worker') => {
    const child = spawn(process.execPath, ['bin/mailwarden.js', 'serve', '--role', role], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    served = await serveMemoryStore(mail);
    store = await openStore({ databaseUrl: TEST_PG_URL, schema, keyring: createKeyring('k1', Buffer.from(vaultKey, 'base64')), poolSize: 4 });
    queues = createQueues(loadConfig(env()), deadLetterSink(store, createLogger({ level: 'silent' }), createMetrics()));
    await store.tenants.upsert({ id: 'acme', name: 'Acme', provider: 'memory', settings: { url: served.url }, policy: { mode: 'enforce', hold: true } });
    for (const m of ['u0', 'u1']) {
      await store.mailboxes.upsert({ tenantId: 'acme', provider: 'memory', mailboxId: m, address: `${m}@acme.example` });
      mail.addMailbox('acme', m, `${m}@acme.example`);
    }
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await queues?.destroy().catch(() => {});
    await queues?.close(100);
    await store?.close();
    await served?.close();
    await dropSchema(schema);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('installs the hold, releases every held message within the bound with a record, and a worker started later scans each once', async () => {
    serve('scheduler');
    // the provider-side hold is set first, the recorded state right after it
    const installed = async (m: string) => mail.mailbox('acme', m)!.hold && (await holdRepo(store.db).get('acme', m))?.state === 'installed';
    await waitFor(async () => (await installed('u0')) && (await installed('u1')), 60_000, 'hold installed by the scheduler process');
    const batch = [0, 1, 2, 3].map((i) => {
      const mailboxId = `u${i % 2}`;
      return { mailboxId, id: mail.deliver('acme', mailboxId, testMessage(i % 2 ? 'phishing' : 'clean', i)), at: Date.now() };
    });
    for (const m of batch) expect(mail.location('acme', m.mailboxId, m.id)).toBe('hold');
    const releasedAt = new Map<string, number>();
    await waitFor(() => {
      for (const m of batch) if (!releasedAt.has(m.id) && mail.location('acme', m.mailboxId, m.id) === 'inbox') releasedAt.set(m.id, Date.now());
      return releasedAt.size === batch.length;
    }, (MAX_WAIT_S + 10) * 1000, 'fail-open release');
    // the provider call comes first; the record and the scan job right after it. No worker anywhere: they wait in Redis.
    await waitFor(async () => (await queues.scan.counts()).waiting === batch.length, 10_000, 'scan jobs queued by the scheduler');
    for (const m of batch) {
      expect(releasedAt.get(m.id)! - m.at).toBeLessThanOrEqual(MAX_WAIT_S * 1000);
      const key = ids.message('memory', 'acme', m.mailboxId, m.id);
      const row = (await store.actions.forMessage(key)).find((a) => a.id === failOpenActionId(key));
      expect(row?.detail).toMatch(/^released unscanned \(fail-open after \d+ s\)$/);
      expect((await store.messages.get(key))?.status).toBe('queued');
    }
    expect(logs.join('')).not.toContain('workers started');

    serve('worker');
    await waitFor(async () => Object.values(await store.messages.countVerdicts('acme')).reduce((a, b) => a + b, 0) === batch.length, 60_000, 'scans after the release');
    for (const m of batch) expect(await store.messages.verdict(ids.message('memory', 'acme', m.mailboxId, m.id))).not.toBeNull();
  }, 120_000);
});
