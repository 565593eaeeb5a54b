/**
 * A throw-away certificate authority for the local HTTPS emulators (Graph + Entra ID, Gmail + OAuth).
 *
 * The real SDKs refuse plain HTTP (MSAL rejects an `http` authority, the Graph client only attaches its token to
 * `https://` custom hosts), so every emulator listens on HTTPS with a server certificate for `localhost` and
 * `127.0.0.1`, signed by a CA generated here. Node trusts the CA through `NODE_EXTRA_CA_CERTS`, which it reads
 * only at process start; test/global-setup.ts therefore generates it before vitest forks its workers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM material of the test CA and of a server certificate it signed. */
export interface TestTls {
  /** Directory holding ca.pem, ca.key, server.pem, server.key. */
  dir: string;
  caCertPath: string;
  caCert: string;
  /** Server certificate for localhost / 127.0.0.1 / ::1. */
  cert: string;
  key: string;
}

/** Environment variable naming the directory the global setup generated into (inherited by workers). */
export const TLS_DIR_ENV = 'MW_TEST_TLS_DIR';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Generate a CA and a localhost server certificate into `dir` (created when missing). */
export function generateTestTls(dir: string = mkdtempSync(join(tmpdir(), 'mw-test-ca-'))): TestTls {
  mkdirSync(dir, { recursive: true });
  // The ext file carries the SAN; clients ignore the CN for host matching.
  writeFileSync(
    join(dir, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
      '',
    ].join('\n'),
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=MailWarden Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
  return readTestTls(dir);
}

/** Read material generated earlier by {@link generateTestTls}. */
export function readTestTls(dir: string): TestTls {
  const caCertPath = join(dir, 'ca.pem');
  return {
    dir,
    caCertPath,
    caCert: readFileSync(caCertPath, 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
  };
}

/**
 * The TLS material for this process: the one the global setup made (via MW_TEST_TLS_DIR), else a fresh one.
 * A fresh one is only trusted by this process when it was started with NODE_EXTRA_CA_CERTS pointing at it; use
 * {@link ensureTrustedTls} from scripts.
 */
export function testTls(): TestTls {
  const dir = process.env[TLS_DIR_ENV];
  if (dir && existsSync(join(dir, 'server.pem'))) return readTestTls(dir);
  const tls = generateTestTls();
  process.env[TLS_DIR_ENV] = tls.dir;
  return tls;
}

/** True when this process was started trusting the CA in `tls`. */
export function isTrusted(tls: TestTls): boolean {
  return process.env.NODE_EXTRA_CA_CERTS === tls.caCertPath;
}

/** A self-signed RSA certificate and key, as an app registration's certificate credential. */
export function generateClientCertificate(commonName = 'MailWarden test app'): { certificatePem: string; privateKeyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mw-client-cert-'));
  try {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', `/CN=${commonName}`], dir);
    return { certificatePem: readFileSync(join(dir, 'cert.pem'), 'utf8'), privateKeyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
