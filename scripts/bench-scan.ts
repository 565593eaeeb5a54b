/**
 * `npm run bench:scan -- <dir>... [--rules <dir>] [--lists <dir>] [--concurrency N] [--warmup N] [--no-detector-times]`
 * Scans every message under the folders in one process with the default engine and prints messages/s,
 * per-message p50/p95/p99 latency, peak RSS, and with rules the median rule-evaluation time per message.
 * Messages are read into memory first so the figures are the engine's, not the disk's.
 *
 * The headline figures (throughput, latency, CPU) come from a pass over the engine exactly as the service runs
 * it. The per-detector breakdown needs a timer around every detector, which costs time itself (two getrusage
 * calls each) and makes every detector asynchronous, so it comes from a second, separate pass. The machine
 * (cores, load average before and after) is printed with the figures: on a shared machine they mean little
 * without it.
 */
import { cpus, loadavg } from 'node:os';
import type { Detector } from '../src/engine/detector.ts';
import { createDefaultEngine } from '../src/engine/default-engine.ts';
import { warmUpAttachmentAnalysis } from '../src/engine/attachments/warm-up.ts';
import { DEFAULT_LIMITS } from '../src/engine/limits.ts';
import { parseMessage } from '../src/engine/parse/parse-message.ts';
import { loadMessages, parseArgs, percentile } from './corpus-args.ts';
import { mainThreadSchedstat } from './thread-schedstat.ts';

const args = parseArgs(process.argv.slice(2), ['rules', 'lists', 'concurrency', 'org-domain', 'warmup']);
if (args.positional.length === 0) {
  console.error('usage: npm run bench:scan -- <dir>... [--rules <dir>] [--lists <dir>] [--concurrency N]');
  process.exit(2);
}
const concurrency = Number(args.multi.get('concurrency')?.[0] ?? 1);
const ruleTimes: number[] = [];
// The rules' CPU time per message too: the wall median grows with the neighbours' load, this does not.
const ruleCpuTimes: number[] = [];
// Time spent inside each detector's detect(), summed over the run. The engine starts detectors together;
// here each waits for the previous one to finish, so the time measured around it is its own, async ones too.
// They are CPU-bound, so running them one after another does not change the total.
const detectorMs = new Map<string, number>();
// The same in CPU time: on a loaded shared machine wall time swells with the neighbours' work, CPU time does not.
const detectorCpuMs = new Map<string, number>();
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let chain: Promise<unknown> = Promise.resolve();
// Off during the headline pass: the wrapper then hands the detector's own result straight through.
let timeDetectors = false;
const timed = (d: Detector): Detector => ({
  ...d,
  detect(msg, ctx) {
    if (!timeDetectors) return d.detect(msg, ctx);
    const run = chain.then(async () => {
      const t = performance.now();
      const c = cpuNow();
      try {
        return await d.detect(msg, ctx);
      } finally {
        detectorMs.set(d.id, (detectorMs.get(d.id) ?? 0) + performance.now() - t);
        detectorCpuMs.set(d.id, (detectorCpuMs.get(d.id) ?? 0) + cpuNow() - c);
      }
    });
    chain = run.catch(() => {});
    return run;
  },
});
const { engine, rules } = await createDefaultEngine({
  rulePacks: args.multi.get('rules') ?? [],
  listFolders: args.multi.get('lists') ?? [],
  org: { domains: args.multi.get('org-domain') ?? [], vips: [] },
  onRulesEval: (run) => {
    ruleTimes.push(run.evalMs);
    ruleCpuTimes.push(run.cpuMs);
  },
  wrapDetector: args.flags.has('no-detector-times') ? undefined : timed,
});
const messages = await loadMessages(args.positional);
// pdf.js and the image decoders load once per process (seconds of CPU): a worker pays that at start, so do we.
await warmUpAttachmentAnalysis();
// Optional warm-up: scan the first N messages once, untimed, so lazy imports and JIT are paid before timing.
const warmup = Math.min(messages.length, Number(args.multi.get('warmup')?.[0] ?? 0));
for (let i = 0; i < warmup; i++) await engine.scan({ raw: messages[i]!.raw, externalId: messages[i]!.file });
detectorMs.clear();
detectorCpuMs.clear();
ruleTimes.length = 0;
ruleCpuTimes.length = 0;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), node ${process.version}, load average ${load()} (1, 5, 15 min) before timing`);
console.log(`messages: ${messages.length}${warmup ? ` (after ${warmup} untimed warm-up scans)` : ''}${rules ? `; rules: ${rules.runnable} runnable of ${rules.total}` : ''}; concurrency ${concurrency}`);

const latencies: number[] = [];
const verdicts = new Map<string, number>();
let truncated = 0;
let warned = 0;
let failures = 0;
const failureKinds = new Map<string, number>();
let next = 0;
const started = performance.now();
const cpuStart = process.cpuUsage();
const schedStart = mainThreadSchedstat();
async function worker() {
  while (next < messages.length) {
    const item = messages[next++]!;
    const { verdict, model, ms } = await engine.scan({ raw: item.raw, externalId: item.file });
    latencies.push(ms);
    verdicts.set(verdict.verdict, (verdicts.get(verdict.verdict) ?? 0) + 1);
    if (model.parse.truncated) truncated++;
    if (model.parse.warnings.length) warned++;
    for (const f of verdict.failures) {
      failures++;
      const key = `${f.detector}: ${f.timedOut ? 'timeout' : f.error.slice(0, 80)}`;
      failureKinds.set(key, (failureKinds.get(key) ?? 0) + 1);
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const schedEnd = mainThreadSchedstat();
// CPU time is what this process itself used: on a shared machine it separates our cost from the neighbours'.
const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / Math.max(1, messages.length);
latencies.sort((a, b) => a - b);
ruleTimes.sort((a, b) => a - b);
ruleCpuTimes.sort((a, b) => a - b);
const fmt = (n: number) => n.toFixed(2);
console.log(`throughput: ${(messages.length / seconds).toFixed(1)} messages/s (${messages.length} in ${seconds.toFixed(2)} s)`);
console.log(`cpu: ${cpuMsPerMessage.toFixed(2)} ms/message (user+system, all threads) → ${(1000 / cpuMsPerMessage).toFixed(0)} messages/s per core-second`);
if (schedStart && schedEnd) {
  // The scan runs on the main thread: its on-CPU time per message is the cost without the neighbours' share,
  // and its run-queue wait is what they took (compilers and GC run on other threads, counted in the line above).
  const onCpu = (schedEnd.onCpuNs - schedStart.onCpuNs) / 1e6 / Math.max(1, messages.length);
  const waiting = (schedEnd.waitingNs - schedStart.waitingNs) / 1e6 / Math.max(1, messages.length);
  console.log(`main thread: ${onCpu.toFixed(2)} ms/message on a CPU, ${waiting.toFixed(2)} ms/message waiting for one (run queue) → ${(1000 / onCpu).toFixed(0)} messages/s with a core of its own`);
}
console.log(`latency ms: p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(latencies[latencies.length - 1] ?? 0)}`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
if (ruleTimes.length) {
  console.log(`rules: median evaluation ${fmt(percentile(ruleTimes, 50))} ms/message wall (p95 ${fmt(percentile(ruleTimes, 95))}), ` +
    `CPU median ${fmt(percentile(ruleCpuTimes, 50))} ms (p95 ${fmt(percentile(ruleCpuTimes, 95))}) for ${rules?.runnable ?? 0} rules`);
}
console.log(`verdicts: ${[...verdicts.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`parse: ${truncated} truncated by a limit, ${warned} with warnings; detector failures: ${failures}`);
console.log(`load average after the timed pass: ${load()}`);
const perMessage = (ms: number) => (ms / Math.max(1, messages.length)).toFixed(2);
// The breakdown pass: the same messages again, each detector timed on its own (see the header comment).
// It runs warm, after the timed pass, so its totals are a share of the cost rather than the headline cost.
const breakdownStarted = performance.now();
const breakdownCpuStart = process.cpuUsage();
if (!args.flags.has('no-detector-times')) {
  timeDetectors = true;
  for (const item of messages) await engine.scan({ raw: item.raw, externalId: item.file });
  timeDetectors = false;
}
const breakdownWall = performance.now() - breakdownStarted;
const breakdownCpu = process.cpuUsage(breakdownCpuStart);
if (detectorMs.size) console.log(`time in detectors (ms/message, separate warm pass): ${[...detectorMs.entries()].sort((a, b) => b[1] - a[1]).map(([id, ms]) => `${id} ${perMessage(ms)}`).join(', ')}`);
if (detectorCpuMs.size) console.log(`cpu in detectors (ms/message, separate warm pass): ${[...detectorCpuMs.entries()].sort((a, b) => b[1] - a[1]).map(([id, ms]) => `${id} ${perMessage(ms)}`).join(', ')}`);
// A separate parse-only pass: the parser's own share of the per-message cost.
const parseStart = performance.now();
const parseCpu = process.cpuUsage();
for (const item of messages) await parseMessage(item.raw, { limits: DEFAULT_LIMITS, orgDomains: [], externalId: item.file });
const pc = process.cpuUsage(parseCpu);
const parseWall = performance.now() - parseStart;
console.log(`parser alone: ${perMessage(parseWall)} ms/message wall, ${perMessage((pc.user + pc.system) / 1000)} ms/message cpu`);
// What is neither parsing nor a detector, from the breakdown pass (the detector times come from it):
// attachment analysis, scoring, engine overhead.
if (detectorMs.size) {
  const inDetectors = [...detectorMs.values()].reduce((a, b) => a + b, 0);
  console.log(`rest of the scan (attachment analysis, scoring): ${perMessage(Math.max(0, breakdownWall - inDetectors - parseWall))} ms/message wall`);
  const cpuInDetectors = [...detectorCpuMs.values()].reduce((a, b) => a + b, 0);
  const scanCpu = (breakdownCpu.user + breakdownCpu.system) / 1000;
  const parseCpuMs = (pc.user + pc.system) / 1000;
  console.log(`rest of the scan in cpu (attachment analysis, scoring, engine): ${perMessage(Math.max(0, scanCpu - cpuInDetectors - parseCpuMs))} ms/message`);
}
for (const [k, n] of [...failureKinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${n} × ${k}`);
