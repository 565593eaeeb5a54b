import { accessSync, constants, mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/schema.ts';
import { createLogger } from '../observability/logger.ts';
import { openConfiguredStore } from '../store/open-configured-store.ts';
import { message, within, type CheckResult } from './check.ts';

/** Database: opens the store as the service would (migrations included) and runs a round trip. */
export async function checkDatabase(config: AppConfig, timeoutMs: number): Promise<CheckResult> {
  const name = 'database';
  const where = config.DATABASE_URL ? `PostgreSQL (schema ${config.DATABASE_SCHEMA})` : `SQLite in ${config.DATA_DIR}`;
  try {
    if (!config.DATABASE_URL) {
      mkdirSync(config.DATA_DIR, { recursive: true });
      accessSync(config.DATA_DIR, constants.W_OK);
    }
    const store = await within(timeoutMs, 'the database', () =>
      openConfiguredStore(config, createLogger({ level: 'silent' })),
    );
    try {
      await store.ping();
      const ids = await store.tenants.listIds();
      // Reading a tenant decrypts its stored credentials: proves VAULT_KEY (or a previous key) still opens them.
      const unreadable: string[] = [];
      for (const id of ids) await store.tenants.get(id).catch(() => unreadable.push(id));
      if (unreadable.length) {
        return { name, status: 'fail', detail: `${where} reachable, but the stored credentials of ${unreadable.length} tenant(s) (${unreadable.slice(0, 3).join(', ')}) cannot be decrypted: VAULT_KEY changed? Put the old key in VAULT_PREVIOUS_KEYS.` };
      }
      return { name, status: 'ok', detail: `${where} reachable and migrated; ${ids.length} tenant(s) onboarded, their credentials decrypt.` };
    } finally {
      await store.close();
    }
  } catch (err) {
    const hint = config.DATABASE_URL
      ? 'check DATABASE_URL (host, port, user, password, database) and that PostgreSQL accepts connections from here'
      : `check that ${config.DATA_DIR} (DATA_DIR) is writable`;
    return { name, status: 'fail', detail: `cannot use ${where}: ${redact(message(err), config)}; ${hint}.` };
  }
}

/** Redis: PING with a short deadline, or a note that queues are in-process. */
export async function checkRedis(config: AppConfig, timeoutMs: number): Promise<CheckResult> {
  const name = 'redis';
  if (!config.REDIS_URL) {
    return { name, status: 'ok', detail: 'not configured: queues run in-process, so run a single process (--role all). Set REDIS_URL to scale out.' };
  }
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: timeoutMs });
  redis.on('error', () => {}); // reported through the rejected command below
  try {
    await within(timeoutMs, 'Redis', async () => {
      await redis.connect();
      const pong = await redis.ping();
      if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
    });
    const policy = await redis.config('GET', 'maxmemory-policy').catch(() => null) as string[] | null;
    if (policy && policy[1] && policy[1] !== 'noeviction') {
      return { name, status: 'warn', detail: `reachable, but maxmemory-policy is ${policy[1]}: Redis may evict queued jobs; set it to noeviction.` };
    }
    return { name, status: 'ok', detail: 'reachable (PING answered).' };
  } catch (err) {
    return { name, status: 'fail', detail: `cannot reach Redis at REDIS_URL: ${redact(message(err), config)}; check host, port, password and TLS (rediss://).` };
  } finally {
    redis.disconnect();
  }
}

/** Connection errors may quote the URL; never print credentials from it. */
function redact(text: string, config: AppConfig): string {
  let out = text;
  for (const url of [config.DATABASE_URL, config.REDIS_URL]) {
    if (!url) continue;
    try {
      const password = new URL(url).password;
      if (password) out = out.split(password).join('***');
    } catch {}
  }
  return out;
}
