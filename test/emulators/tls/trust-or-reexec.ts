/**
 * For scripts (bench, demo) run outside vitest: NODE_EXTRA_CA_CERTS only works when set before Node starts,
 * so when the test CA is not yet trusted, re-run this same script in a child process with it set.
 */
import { spawnSync } from 'node:child_process';
import { isTrusted, testTls, TLS_DIR_ENV, type TestTls } from './test-ca.ts';

/** Returns the trusted TLS material, or runs the script again as a child and exits with its status. */
export function ensureTrustedTls(): TestTls {
  const tls = testTls();
  if (isTrusted(tls)) return tls;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caCertPath, [TLS_DIR_ENV]: tls.dir },
  });
  process.exit(child.status ?? 1);
}
