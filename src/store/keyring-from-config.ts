import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from '../config/schema.ts';
import { parseKeyList } from '../config/load.ts';
import type { Logger } from '../observability/logger.ts';
import { createKeyring, type Keyring } from './crypto.ts';

/**
 * The vault and secrets key. Production must configure VAULT_KEY (config refuses otherwise). In embedded
 * development a key is generated once into DATA_DIR/vault.key (0600) so data stays readable across restarts.
 */
export function keyringFromConfig(config: AppConfig, logger: Logger): Keyring {
  const previous = parseKeyList(config.VAULT_PREVIOUS_KEYS).map((p) => ({ id: p.id, key: Buffer.from(p.key, 'base64') }));
  if (config.VAULT_KEY) return createKeyring(config.VAULT_KEY_ID, Buffer.from(config.VAULT_KEY, 'base64'), previous);
  const file = join(config.DATA_DIR, 'vault.key');
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      logger.warn({ file }, 'no VAULT_KEY configured: generated a development key; configure VAULT_KEY in production');
    } catch (err) {
      // Another process of the same service created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  return createKeyring('local', key, previous);
}
