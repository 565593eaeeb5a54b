import { ConfigError, loadConfig } from '../config/load.ts';
import type { CheckResult } from './check.ts';
import { checkDatabase, checkRedis } from './infrastructure.ts';
import { checkGoogle, checkM365, checkWebhooks } from './providers.ts';

/**
 * Every check `mailwarden doctor` runs, in order. Configuration first: when it is invalid nothing else can be
 * checked meaningfully, so the rest is reported as skipped rather than failing with a confusing error.
 */
export async function runDoctorChecks(env: NodeJS.ProcessEnv, options: { timeoutMs?: number; webhooks?: boolean } = {}): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return [
      { name: 'configuration', status: 'fail', detail: `the environment is not a valid configuration: ${err.problems.join('; ')}. See docs/configuration.md.` },
      ...['database', 'redis', 'microsoft 365 app', 'google workspace', 'webhook reachability'].map((name) => ({ name, status: 'skip' as const, detail: 'not checked: fix the configuration first.' })),
    ];
  }
  const results: CheckResult[] = [];
  const vault = config.VAULT_KEY ? `VAULT_KEY set (id ${config.VAULT_KEY_ID})` : `no VAULT_KEY: a development key is kept in ${config.DATA_DIR}/vault.key`;
  results.push({ name: 'configuration', status: config.VAULT_KEY || config.NODE_ENV !== 'production' ? 'ok' : 'fail', detail: `valid (${config.NODE_ENV}); ${vault}.` });
  results.push(await checkDatabase(config, timeoutMs));
  results.push(await checkRedis(config, timeoutMs));
  results.push(checkM365(config));
  results.push(checkGoogle(config));
  results.push(options.webhooks === false ? { name: 'webhook reachability', status: 'skip', detail: 'not checked (--no-webhooks).' } : await checkWebhooks(config, timeoutMs));
  return results;
}

const MARK: Record<CheckResult['status'], string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: '--  ' };

export function formatResults(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.map((r) => `${MARK[r.status]}  ${r.name.padEnd(width)}  ${r.detail}`);
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  lines.push(failed ? `${failed} problem(s) to fix${warned ? `, ${warned} warning(s)` : ''}.` : warned ? `No problems; ${warned} warning(s).` : 'Everything checked is in order.');
  return lines.join('\n');
}
