import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { deadLetterSink } from '../../src/pipeline/dead-letters.ts';
import { createQueues } from '../../src/pipeline/queues.ts';
import { createKeyring } from '../../src/store/crypto.ts';
import { openStore } from '../../src/store/store.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../helpers/pg-schema.ts';

const run = promisify(execFile);

describe('mailwarden dead-letters on Redis + PostgreSQL', () => {
  const schema = uniqueSchema('mwdl');
  const prefix = `mwtest-dl-${randomUUID().slice(0, 8)}`;
  const key = randomBytes(32).toString('base64');
  const dir = mkdtempSync(join(tmpdir(), 'mw-dl-'));
  const env = { ...process.env, DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix, VAULT_KEY: key, DATA_DIR: dir };

  afterAll(async () => {
    await dropSchema(schema);
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists a dead letter with its reason and replays it onto its queue', async () => {
    const store = await openStore({ databaseUrl: TEST_PG_URL, schema, keyring: createKeyring('k1', Buffer.from(key, 'base64')) });
    const queues = createQueues(loadConfig(env), deadLetterSink(store, createLogger({ level: 'silent' }), createMetrics()));
    try {
      const payload = { provider: 'memory', tenantId: 't', mailboxId: 'm', messageId: 'x', direction: 'inbound', messageKey: 'k', receivedAt: 0 };
      await store.deadLetters.add({ queue: 'scan', jobId: 'job-123', payload, errorCode: 'consent_revoked', error: 'admin revoked consent', attempts: 1 });
      const listed = await run(process.execPath, ['bin/mailwarden.js', 'dead-letters'], { env });
      expect(listed.stdout).toContain('scan:job-123\tconsent_revoked');
      expect(listed.stdout).toContain('1 dead letter(s) pending');
      const replayed = await run(process.execPath, ['bin/mailwarden.js', 'dead-letters', '--replay', 'scan:job-123'], { env });
      expect(replayed.stdout).toContain('replayed scan:job-123');
      expect((await queues.scan.counts()).waiting).toBe(1);
      expect(await store.deadLetters.list({ pendingOnly: true })).toEqual([]);
      const missing = await run(process.execPath, ['bin/mailwarden.js', 'dead-letters', '--replay', 'scan:nope'], { env }).catch((e: { code: number; stdout: string }) => e);
      expect((missing as { code: number }).code).toBe(1);
    } finally {
      await queues.destroy();
      await queues.close(100);
      await store.close();
    }
  }, 60_000);
});
