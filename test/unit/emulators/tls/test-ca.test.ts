import { afterAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { listenHttps, type RunningHttps } from '../../../emulators/tls/https-server.ts';
import { generateTestTls, isTrusted, testTls } from '../../../emulators/tls/test-ca.ts';

describe('test CA', () => {
  let running: RunningHttps | undefined;
  afterAll(async () => running?.close());

  it('is trusted by this worker through NODE_EXTRA_CA_CERTS set in the global setup', async () => {
    const tls = testTls();
    expect(isTrusted(tls)).toBe(true);
    running = await listenHttps(tls, (_req, res) => res.end('ok'));
    // global fetch (undici) verifies against the default store, which includes NODE_EXTRA_CA_CERTS
    const res = await fetch(`${running.url}/`);
    expect(await res.text()).toBe('ok');
  });

  it('signs a server certificate for localhost and 127.0.0.1 only', () => {
    const tls = testTls();
    const cert = new X509Certificate(tls.cert);
    const ca = new X509Certificate(tls.caCert);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('graph.microsoft.com')).toBeUndefined();
  });

  it('a CA generated later is not trusted (the env var only counts at process start)', async () => {
    const other = generateTestTls();
    expect(isTrusted(other)).toBe(false);
    const srv = await listenHttps(other, (_req, res) => res.end('no'));
    try {
      const err = await new Promise<Error>((resolve) => {
        https.get(`${srv.url}/`, () => resolve(new Error('connected'))).on('error', resolve);
      });
      expect((err as NodeJS.ErrnoException).code).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
    } finally {
      await srv.close();
      rmSync(other.dir, { recursive: true, force: true });
    }
  });
});
