import { configSchema, type AppConfig } from './schema.ts';

/** Thrown when the environment does not describe a valid configuration; the message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The one reader of the environment. Empty strings count as unset, so `FOO=` in a .env file means "default".
 * Never echoes a value back (values may be secrets), only key names and what is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.VAULT_KEY) {
    throw new ConfigError(['VAULT_KEY: required when NODE_ENV=production (32 bytes, base64)']);
  }
  for (const entry of parseKeyList(config.VAULT_PREVIOUS_KEYS)) {
    if (Buffer.from(entry.key, 'base64').length !== 32) throw new ConfigError([`VAULT_PREVIOUS_KEYS: key ${entry.id} is not 32 bytes`]);
  }
  return config;
}

/** "id:base64,id:base64" → entries. */
export function parseKeyList(list: string): { id: string; key: string }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const at = s.indexOf(':');
      if (at <= 0) throw new ConfigError(['VAULT_PREVIOUS_KEYS: expected "id:base64" entries']);
      return { id: s.slice(0, at), key: s.slice(at + 1) };
    });
}
