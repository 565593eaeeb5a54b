import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load.ts';
import { configSchema } from '../../../src/config/schema.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('starts with no environment at all: embedded defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 8080, DATA_DIR: './data', NODE_ENV: 'development', DEV_INGEST: true, QUEUE_PREFIX: 'mailwarden' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('reads and coerces values; empty strings mean default', () => {
    const c = loadConfig({ PORT: '9090', REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: '', SCAN_CONCURRENCY: '8', DEV_INGEST: 'false' });
    expect(c.PORT).toBe(9090);
    expect(c.SCAN_CONCURRENCY).toBe(8);
    expect(c.DEV_INGEST).toBe(false);
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('lists every problem by key and never echoes the offending value', () => {
    const secretish = 'mysql://admin:hunter2@db';
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: secretish, VAULT_KEY: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/PORT/);
    expect(msg).toMatch(/DATABASE_URL: must be a postgres/);
    expect(msg).toMatch(/VAULT_KEY/);
    expect(msg).not.toContain('hunter2');
  });

  it('production refuses to start without a vault key, and accepts one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/VAULT_KEY: required/);
    expect(loadConfig({ NODE_ENV: 'production', VAULT_KEY: KEY }).VAULT_KEY).toBe(KEY);
  });

  it('validates previous keys for rotation', () => {
    expect(() => loadConfig({ VAULT_PREVIOUS_KEYS: 'old:AAAA' })).toThrow(/not 32 bytes/);
    expect(loadConfig({ VAULT_PREVIOUS_KEYS: `k0:${KEY}` }).VAULT_PREVIOUS_KEYS).toContain('k0:');
  });

  it('every key is documented', () => {
    for (const [key, field] of Object.entries(configSchema.shape)) {
      expect((field as { description?: string }).description, key).toBeTruthy();
    }
  });
});
