import type { AppConfig } from '../config/schema.ts';
import type { Logger } from '../observability/logger.ts';
import { keyringFromConfig } from './keyring-from-config.ts';
import { openStore, type Store } from './store.ts';

/**
 * The store the configuration names — PostgreSQL with `DATABASE_URL` (and `DATABASE_SCHEMA`), else SQLite in
 * `DATA_DIR` — sealed with the keyring from `VAULT_KEY`. The service, the CLI commands and `doctor` all open it
 * here, so they can never disagree on where the data is.
 */
export function openConfiguredStore(config: AppConfig, logger: Logger): Promise<Store> {
  return openStore({
    keyring: keyringFromConfig(config, logger),
    retentionDays: config.VAULT_RETENTION_DAYS,
    dataDir: config.DATA_DIR,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: config.DATABASE_POOL_SIZE } : {}),
  });
}
