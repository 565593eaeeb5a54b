/**
 * Measures the MQL engine on a rule pack and a corpus: how many rules run, how long evaluating all of them
 * takes per message (median, p95), how many messages match at least one rule, and any rule that threw.
 *   npx tsx scripts/rules-compat.ts --rules <pack> --corpus <dir of .eml or .txt messages> [--lists <dir>] [--limit N] [--json <file>]
 * `--json` writes every rule's match count (and the timings) to a file, to diff two versions of the engine.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS } from '../src/engine/limits.ts';
import { parseMessage } from '../src/engine/parse/parse-message.ts';
import { analyzeAttachments } from '../src/engine/attachments/analyze-attachments.ts';
import { createRulesDetector } from '../src/engine/rules/index.ts';
import { loadLists } from '../src/engine/lists/index.ts';

const { values } = parseArgs({
  options: { rules: { type: 'string' }, corpus: { type: 'string' }, lists: { type: 'string' }, limit: { type: 'string' }, json: { type: 'string' } },
});
if (!values.rules || !values.corpus) {
  console.error('usage: rules-compat --rules <pack> --corpus <dir> [--lists <dir>] [--limit N] [--json <file>]');
  process.exit(2);
}
// The shipped lists merged with a Sublime static-files folder (its .csv rank lists too).
const lists = loadLists({ folders: values.lists ? [values.lists] : [] });
const { detector, stats } = await createRulesDetector({ packs: [values.rules], lists });
console.log(`rules: total ${stats.total}, runnable ${stats.runnable}, skipped ${stats.skipped}`);
const files = (await readdir(values.corpus)).filter((f) => /\.(eml|txt)$/.test(f)).sort();
const limit = values.limit ? Number(values.limit) : files.length;
const times: number[] = [];
// CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
const cpuTimes: number[] = [];
const hits = new Map<string, number>();
let matchedMessages = 0;
let failures = 0;
for (const f of files.slice(0, limit)) {
  const raw = await readFile(join(values.corpus, f));
  // Parsed as the engine parses for these rules: the body DOM kept from parsing when a rule queries HTML.
  const model = await parseMessage(new Uint8Array(raw), { limits: DEFAULT_LIMITS, orgDomains: [], externalId: f, direction: 'inbound', htmlDocument: detector.queriesHtml });
  await analyzeAttachments(model, DEFAULT_LIMITS);
  const findings = await detector.detect(model, {
    org: { domains: [], vips: [] }, lists, limits: DEFAULT_LIMITS, now: new Date(), signal: new AbortController().signal,
  });
  const run = detector.lastRun!;
  cpuTimes.push(run.cpuMs);
  times.push(run.evalMs);
  failures += run.failures.length;
  for (const fl of run.failures.slice(0, 3)) console.log(`  failure ${f} ${fl.rule}: ${fl.error}`);
  if (findings.length) matchedMessages++;
  for (const x of findings) hits.set(x.rule, (hits.get(x.rule) ?? 0) + 1);
}
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(2);
console.log(`messages ${times.length}: eval wall median ${q(times, 0.5)} ms, p95 ${q(times, 0.95)} ms, max ${q(times, 1)} ms`);
console.log(`  eval CPU median ${q(cpuTimes, 0.5)} ms, p95 ${q(cpuTimes, 0.95)} ms (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`);
console.log(`messages matching >=1 rule: ${matchedMessages} (${((100 * matchedMessages) / times.length).toFixed(1)}%), rule failures ${failures}`);
for (const [rule, n] of [...hits].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(5)} ${rule}`);
if (values.json) {
  const counts = Object.fromEntries(detector.loaded.map((r) => [r.id, hits.get(r.id) ?? 0]));
  const median = Number(q(cpuTimes, 0.5));
  const p95 = Number(q(cpuTimes, 0.95));
  await writeFile(values.json, JSON.stringify({ runnable: stats.runnable, messages: times.length, matchedMessages, cpuMedianMs: median, cpuP95Ms: p95, counts }, null, 1));
}
