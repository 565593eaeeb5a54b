/**
 * Fault suite, vault half: the vault write fails as on a full disk (an injected ENOSPC on every write for a
 * while) during a run of the embedded pipeline in enforce mode. The invariant: no message is quarantined
 * without its sealed copy (the provider is never asked to move a message whose vault write failed), and once
 * space is back every quarantine completes exactly once with the copy in the vault. Prints a summary line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../connectors/memory/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createScanEngine } from '../../src/engine/scan-message.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.ts';
import { createWebhookDeps } from '../../src/pipeline/webhook-deps.ts';
import { KINDS, testMessage, verdictFromSubject } from '../helpers/verdict-detector.ts';

const N = 120;
const DESTRUCTIVE = ['quarantine', 'junk', 'trash', 'purge'];
const TENANT = `vaultfull-${Date.now().toString(36)}`;

describe('faults: the vault cannot be written (disk full)', () => {
  let dir: string;
  let rt: Runtime;
  let diskFull = true;
  let rejectedWrites = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mw-vaultfull-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SCAN_CONCURRENCY: '4', JOB_BACKOFF_MS: '20', JOB_BACKOFF_MAX_MS: '200', JOB_ATTEMPTS: '200' });
    const engine = createScanEngine({ detectors: [verdictFromSubject], lists: { get: () => new Set(), has: () => false } });
    rt = await createRuntime(config, { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
    const keep = rt.store.vault.keep.bind(rt.store.vault);
    rt.store.vault.keep = async (ref, raw) => {
      if (diskFull) {
        rejectedWrites++;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return keep(ref, raw);
    };
    await rt.store.tenants.upsert({ id: TENANT, name: 'Vault full', provider: 'memory', settings: {}, policy: { mode: 'enforce' } });
    await rt.store.mailboxes.upsert({ tenantId: TENANT, provider: 'memory', mailboxId: 'v0', address: `v0@${TENANT}.example` });
    sharedMemoryStore.addMailbox(TENANT, 'v0', `v0@${TENANT}.example`);
    await rt.startWorkers();
  }, 30_000);

  afterAll(async () => {
    await rt?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('nothing is quarantined without its vault copy; all complete once space is back', async () => {
    const deps = createWebhookDeps(rt.store, rt.queues);
    const sent: string[] = [];
    for (let i = 0; i < N; i++) {
      const id = sharedMemoryStore.deliver(TENANT, 'v0', testMessage(KINDS[i % KINDS.length]!, i));
      sent.push(id);
      await deps.enqueueNotification({ provider: 'memory', tenantId: TENANT, mailboxId: 'v0', trigger: { kind: 'notification', messageIds: [id] }, receivedAt: new Date().toISOString() }, id);
    }
    const total = async () => Object.values(await rt.store.messages.countVerdicts(TENANT)).reduce((a, b) => a + b, 0);
    const end = Date.now() + 60_000;
    while ((await total()) < N || rejectedWrites < 20) {
      if (Date.now() > end) throw new Error(`stuck: ${await total()} verdicts, ${rejectedWrites} rejected vault writes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // While the disk is full: every destructive action waits; no message left the inbox.
    const moved = () => sent.filter((id) => sharedMemoryStore.location(TENANT, 'v0', id) !== 'inbox');
    expect(moved()).toEqual([]);
    const doneWhileFull = await rt.store.db.selectFrom('actions').select(['message_key', 'action']).where('tenant_id', '=', TENANT).where('status', '=', 'done').execute();
    // Non-destructive actions (a tag on a suspicious message) need no vault copy and may go ahead.
    expect(doneWhileFull.filter((a) => DESTRUCTIVE.includes(a.action))).toEqual([]);

    diskFull = false;
    const expectedQuarantined = KINDS.filter((k) => k === 'malware' || k === 'phishing' || k === 'bec').length * (N / KINDS.length);
    const end2 = Date.now() + 60_000;
    for (;;) {
      const done = await rt.store.db.selectFrom('actions').select(['message_key', 'action']).where('tenant_id', '=', TENANT).where('status', '=', 'done').execute();
      // malware, phishing, bec → quarantine; spam → junk: both destructive, both wait for the vault.
      if (done.filter((a) => DESTRUCTIVE.includes(a.action)).length >= expectedQuarantined + N / KINDS.length) break;
      if (Date.now() > end2) throw new Error(`only ${done.length} actions done after the disk was freed`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const done = await rt.store.db.selectFrom('actions').select(['message_key', 'action']).where('tenant_id', '=', TENANT).where('status', '=', 'done').execute();
    const keys = done.map((d) => d.message_key);
    expect(new Set(keys).size).toBe(keys.length); // at most one executed action per message
    let vaultLosses = 0;
    for (const d of done.filter((a) => DESTRUCTIVE.includes(a.action))) if (!(await rt.store.vault.has(d.message_key))) vaultLosses++;
    expect(vaultLosses).toBe(0);
    expect(moved().length).toBe(done.filter((a) => DESTRUCTIVE.includes(a.action)).length);
    console.log(`faults summary: runs 1, faults injected ${rejectedWrites} (vault writes rejected with ENOSPC), messages ${N}, quarantined ${expectedQuarantined}, losses ${vaultLosses}`);
  }, 150_000);
});
