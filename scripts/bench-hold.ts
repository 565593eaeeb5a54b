/**
 * `npm run bench:hold [-- --provider m365|google --mailboxes 50 --held 200]`
 *
 * What the inline hold's scheduler sweep costs, through the real connector (Graph SDK over HTTPS to the M365
 * emulator, or googleapis to the Gmail emulator) and the embedded store: the first sweep (one hold rule / filter
 * installed per mailbox), an idle sweep (one held-mail listing per mailbox, nothing overdue), and a fail-open
 * sweep releasing `--held` messages. CPU time is this process's (process.cpuUsage), so it includes the emulator
 * answering in the same process; wall time swells with the machine's load, printed beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import { createScanEngine } from '../src/engine/scan-message.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { holdTiming, sweepHold, type HoldSweepReport } from '../src/pipeline/hold-sweep.ts';
import { createRuntime } from '../src/pipeline/runtime.ts';
import { startGoogleWorld } from '../test/emulators/google/google-world.ts';
import { startM365Emulator } from '../test/emulators/m365/emulator.ts';
import { createTestTenant } from '../test/emulators/m365/test-tenant.ts';
import { ensureTrustedTls } from '../test/emulators/tls/trust-or-reexec.ts';
import { testMessage } from '../test/helpers/verdict-detector.ts';

const { values: args } = parseArgs({ options: { provider: { type: 'string', default: 'm365' }, mailboxes: { type: 'string', default: '50' }, held: { type: 'string', default: '200' } } });
const PROVIDER = args.provider === 'google' ? 'google' : 'm365';
const MAILBOXES = Number(args.mailboxes);
const HELD = Number(args.held);
const MAX_WAIT_S = 20;
if (PROVIDER === 'm365') ensureTrustedTls();

interface World {
  connection: { tenantId: string; settings: Record<string, unknown>; endpoints?: Record<string, string> };
  mailboxes: { id: string; address: string }[];
  deliver(mailboxIndex: number, raw: Buffer): void;
  close(): Promise<void>;
}

async function world(): Promise<World> {
  if (PROVIDER === 'm365') {
    const emu = await startM365Emulator();
    const t = createTestTenant(emu, { users: MAILBOXES });
    return {
      connection: t.connection,
      mailboxes: t.users.map((u) => ({ id: u.id, address: u.mail })),
      deliver: (i, raw) => void emu.control.deliver(t.users[i]!.id, raw),
      close: () => emu.close(),
    };
  }
  const w = await startGoogleWorld({ userCount: MAILBOXES, domain: 'bench-hold.test' });
  w.emu.quota.unitsPerSecond = 1_000_000;
  const users = w.users.slice(1);
  return {
    connection: w.connection,
    mailboxes: users.map((a) => ({ id: a, address: a })),
    deliver: (i, raw) => void w.emu.deliver([users[i]!], raw),
    close: () => w.emu.close(),
  };
}

async function measure(label: string, run: () => Promise<HoldSweepReport>, per: (r: HoldSweepReport) => number, unit: string): Promise<void> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const report = await run();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`${label.padEnd(34)} wall ${wall.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms  cpu/${unit} ${(cpuMs / Math.max(1, per(report))).toFixed(2).padStart(7)} ms  released ${report.released}  reconciled ${JSON.stringify(report.reconciled)}  deferred ${report.deferred}  errors ${report.errors}`);
}

async function main(): Promise<void> {
  const w = await world();
  const dir = mkdtempSync(join(tmpdir(), 'mw-bench-hold-'));
  const engine = createScanEngine({ detectors: [], lists: { get: () => new Set(), has: () => false } });
  const rt = await createRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', HOLD_MAX_WAIT_SECONDS: String(MAX_WAIT_S) }), { engine, logger: createLogger({ level: 'silent' }), metrics: createMetrics() });
  try {
    const tenantId = w.connection.tenantId;
    await rt.store.tenants.upsert({ id: tenantId, name: 'bench', provider: PROVIDER, settings: w.connection.settings, ...(w.connection.endpoints ? { endpoints: w.connection.endpoints } : {}), policy: { mode: 'enforce', hold: true } });
    for (const m of w.mailboxes) await rt.store.mailboxes.upsert({ tenantId, provider: PROVIDER, mailboxId: m.id, address: m.address });
    console.log(`bench:hold provider=${PROVIDER} mailboxes=${MAILBOXES} held=${HELD} (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${new Date().toISOString()})`);
    await measure('first sweep (install per mailbox)', () => sweepHold(rt.ctx), (r) => r.reconciled.installed ?? 0, 'install');
    // Installs the first sweep deferred (its reconcile budget is half a sweep interval) finish unmeasured.
    for (let r = await sweepHold(rt.ctx); r.deferred > 0 || (r.reconciled.installed ?? 0) > 0; r = await sweepHold(rt.ctx));
    await measure('idle sweep (list held, none due)', () => sweepHold(rt.ctx), () => MAILBOXES, 'mailbox');
    for (let i = 0; i < HELD; i++) w.deliver(i % MAILBOXES, Buffer.from(testMessage('clean', i)));
    await new Promise((r) => setTimeout(r, holdTiming(MAX_WAIT_S).releaseAfterMs + 1100));
    await measure(`fail-open sweep (${HELD} overdue)`, () => sweepHold(rt.ctx), (r) => r.released, 'release');
    const left = await sweepHold(rt.ctx);
    if (left.released !== 0) throw new Error(`a second sweep released ${left.released} more: the first missed some`);
    console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    await rt.close();
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
