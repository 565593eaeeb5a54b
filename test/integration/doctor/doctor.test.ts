import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctorChecks } from '../../../src/doctor/run-doctor.ts';
import type { CheckResult } from '../../../src/doctor/check.ts';
import { checkM365 } from '../../../src/doctor/providers.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { freePort } from '../../helpers/free-port.ts';
import { TEST_PG_URL, dropSchema, uniqueSchema } from '../../helpers/pg-schema.ts';

const byName = (results: CheckResult[], name: string) => results.find((r) => r.name === name)!;

describe('mailwarden doctor', () => {
  let dir: string;
  let healthy: Server;
  let healthyUrl: string;
  let wrong: Server;
  let wrongUrl: string;
  const schema = uniqueSchema('doctor');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-doctor-'));
    healthy = createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    wrong = createServer((_req, res) => res.writeHead(502).end('bad gateway'));
    await Promise.all([healthy, wrong].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
    healthyUrl = `http://127.0.0.1:${(healthy.address() as AddressInfo).port}`;
    wrongUrl = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await Promise.all([healthy, wrong].map((s) => new Promise<void>((r) => s.close(() => r()))));
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('embedded defaults with real PostgreSQL and Redis: all in order; a local PUBLIC_URL is a warning, not an error', async () => {
    const results = await runDoctorChecks({ DATA_DIR: dir, DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema, REDIS_URL: 'redis://127.0.0.1:6379', PUBLIC_URL: healthyUrl });
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(byName(results, 'database')).toMatchObject({ status: 'ok' });
    expect(byName(results, 'redis').status).not.toBe('fail');
    expect(byName(results, 'webhook reachability')).toMatchObject({ status: 'warn' });
    expect(byName(results, 'webhook reachability').detail).toMatch(/cannot push to it/);
  });

  it('says which setting is invalid and checks nothing else', async () => {
    const results = await runDoctorChecks({ DATA_DIR: dir, PORT: 'eighty', REDIS_URL: 'http://nope' });
    expect(byName(results, 'configuration').status).toBe('fail');
    expect(byName(results, 'configuration').detail).toMatch(/PORT: .*REDIS_URL: must be a redis:\/\/ URL/);
    expect(results.slice(1).every((r) => r.status === 'skip')).toBe(true);
  });

  it('names unreachable Redis and PostgreSQL without printing the password', async () => {
    const [redisPort, pgPort] = [await freePort(), await freePort()];
    const results = await runDoctorChecks({ DATA_DIR: dir, REDIS_URL: `redis://:redis-pass-123@127.0.0.1:${redisPort}`, DATABASE_URL: `postgres://u:pg-pass-456@127.0.0.1:${pgPort}/x`, PUBLIC_URL: healthyUrl }, { timeoutMs: 3000 });
    expect(byName(results, 'redis')).toMatchObject({ status: 'fail' });
    expect(byName(results, 'redis').detail).toMatch(/cannot reach Redis/);
    expect(byName(results, 'database').status).toBe('fail');
    expect(byName(results, 'database').detail).toMatch(/check DATABASE_URL/);
    const all = JSON.stringify(results);
    expect(all).not.toContain('redis-pass-123');
    expect(all).not.toContain('pg-pass-456');
  });

  it('webhook URL answering something other than MailWarden, or nothing at all, fails', async () => {
    const other = await runDoctorChecks({ DATA_DIR: dir, PUBLIC_URL: wrongUrl });
    expect(byName(other, 'webhook reachability')).toMatchObject({ status: 'fail' });
    expect(byName(other, 'webhook reachability').detail).toMatch(/HTTP 502/);
    const none = await runDoctorChecks({ DATA_DIR: dir, PUBLIC_URL: `http://127.0.0.1:${await freePort()}` });
    expect(byName(none, 'webhook reachability').detail).toMatch(/cannot be reached.*ECONNREFUSED/);
  });

  it('provider credentials: incomplete, mismatched and valid Microsoft 365 settings; a Google key that is not one', async () => {
    const id = '11111111-2222-3333-4444-555555555555';
    expect(checkM365(loadConfig({ M365_CLIENT_ID: id })).detail).toMatch(/no credential/);
    expect(checkM365(loadConfig({ M365_CLIENT_ID: id, M365_CLIENT_SECRET: 's' })).status).toBe('ok');
    const pem = (cn: string) => {
      const d = mkdtempSync(join(tmpdir(), 'mw-doctor-cert-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '10', '-subj', `/CN=${cn}`], { cwd: d, stdio: 'ignore' });
      const out = { cert: readFileSync(join(d, 'c.pem'), 'utf8'), key: readFileSync(join(d, 'k.pem'), 'utf8') };
      rmSync(d, { recursive: true, force: true });
      return out;
    };
    const a = pem('a');
    const b = pem('b');
    expect(checkM365(loadConfig({ M365_CLIENT_ID: id, M365_CERT_PEM: a.cert, M365_KEY_PEM: b.key })).detail).toMatch(/not the private key/);
    expect(checkM365(loadConfig({ M365_CLIENT_ID: id, M365_CERT_PEM: a.cert, M365_KEY_PEM: a.key }))).toMatchObject({ status: 'warn' }); // expires in < 30 days
    const google = await runDoctorChecks({ DATA_DIR: dir, GOOGLE_SERVICE_ACCOUNT_KEY: '{"type":"authorized_user"}', GOOGLE_PUBSUB_TOPIC: 'projects/p/topics/t' }, { webhooks: false });
    expect(byName(google, 'google workspace').detail).toMatch(/not a service-account key/);
  });
});
