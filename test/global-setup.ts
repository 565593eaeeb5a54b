/**
 * Vitest global setup: runs once in the main process before the workers are forked.
 *
 * The HTTPS emulators need a CA the SDKs trust. NODE_EXTRA_CA_CERTS is read only when a Node process starts, so
 * it is set here, before vitest forks its workers (pool: 'forks' inherits process.env), and every worker and
 * every process a test spawns trusts the CA. MW_TEST_TLS_DIR tells them where the server certificate is.
 */
import { rmSync } from 'node:fs';
import { generateTestTls, TLS_DIR_ENV } from './emulators/tls/test-ca.ts';

export default function setup(): () => void {
  const tls = generateTestTls();
  process.env.NODE_EXTRA_CA_CERTS = tls.caCertPath;
  process.env[TLS_DIR_ENV] = tls.dir;
  return () => rmSync(tls.dir, { recursive: true, force: true });
}
