/**
 * Compares the rule engine's CPU per message between variants in one process, message by message, so the
 * machine's load falls on every variant alike (separate runs of `bench:scan` on a shared machine differ more
 * from one another than the changes being measured).
 *   npx tsx scripts/rules-ab.ts --rules <pack> --corpus <dir> [--lists <dir>] [--base <checkout>]
 *                               [--repeat N] [--limit N] [--with-parse]
 * Variants: this checkout, and with `--base` the engine of another checkout (e.g. a `git worktree` of the
 * previous commit; `--base .` is an A/A run, which shows the method's own bias). Each variant gets its own
 * freshly parsed copy of each message on every run (caches keyed by message objects never carry over), runs
 * `--repeat` times (default 3) in rotating order, and the per-message figure is the least CPU of those runs.
 * `--with-parse` counts parsing and attachment analysis too, each variant with its own checkout's parser (as
 * the engine runs it: the body DOM kept when a rule queries HTML), so work moved between the parser and the
 * rules shows up as what it is.
 */
import { readdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { MessageModel } from '../src/core/message.ts';
import type { DetectorContext } from '../src/engine/detector.ts';
import { analyzeAttachments } from '../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../src/engine/limits.ts';
import { loadLists } from '../src/engine/lists/index.ts';
import { parseMessage } from '../src/engine/parse/parse-message.ts';
import * as here from '../src/engine/rules/index.ts';

const { values } = parseArgs({
  options: {
    rules: { type: 'string' },
    corpus: { type: 'string' },
    lists: { type: 'string' },
    base: { type: 'string' },
    repeat: { type: 'string' },
    limit: { type: 'string' },
    'with-parse': { type: 'boolean' },
  },
});
if (!values.rules || !values.corpus) {
  console.error('usage: rules-ab --rules <pack> --corpus <dir> [--lists <dir>] [--base <checkout>] [--repeat N] [--limit N]');
  process.exit(2);
}
const lists = loadLists({ folders: values.lists ? [values.lists] : [] });
const packs = [values.rules];

interface Variant {
  name: string;
  detector: Awaited<ReturnType<typeof here.createRulesDetector>>['detector'];
  parse: (raw: Buffer, file: string) => Promise<MessageModel>;
  best: number[];
}
type ParseModule = { parseMessage: typeof parseMessage };
type AnalyzeModule = { analyzeAttachments: typeof analyzeAttachments };

/** A checkout's own parser and attachment analysis, asked for the body DOM when its rules query HTML. */
async function parserOf(root: string, detector: Variant['detector']): Promise<Variant['parse']> {
  const p = (await import(resolve(root, 'src/engine/parse/parse-message.ts'))) as ParseModule;
  const a = (await import(resolve(root, 'src/engine/attachments/analyze-attachments.ts'))) as AnalyzeModule;
  const htmlDocument = (detector as { queriesHtml?: boolean }).queriesHtml === true;
  return async (raw, file) => {
    const model = await p.parseMessage(new Uint8Array(raw), { limits: DEFAULT_LIMITS, orgDomains: [], externalId: file, direction: 'inbound', htmlDocument });
    await a.analyzeAttachments(model, DEFAULT_LIMITS);
    return model;
  };
}

const hereDetector = (await here.createRulesDetector({ packs, lists })).detector;
const variants: Variant[] = [{ name: 'this checkout', detector: hereDetector, parse: await parserOf('.', hereDetector), best: [] }];
if (values.base) {
  const other = (await import(resolve(values.base, 'src/engine/rules/index.ts'))) as typeof here;
  const detector = (await other.createRulesDetector({ packs, lists })).detector;
  variants.push({ name: `base ${values.base}`, detector, parse: await parserOf(values.base, detector), best: [] });
}
const withParse = values['with-parse'] === true;

const files = (await readdir(values.corpus)).filter((f) => /\.(eml|txt)$/.test(f)).sort();
const limit = values.limit ? Number(values.limit) : files.length;
const repeat = Number(values.repeat ?? 3);
const ctx = { org: { domains: [], vips: [] }, lists, limits: DEFAULT_LIMITS, now: new Date(), signal: new AbortController().signal } as DetectorContext;
const loadStart = loadavg()[0]!;

async function parsed(raw: Buffer, file: string): Promise<MessageModel> {
  const model = await parseMessage(new Uint8Array(raw), { limits: DEFAULT_LIMITS, orgDomains: [], externalId: file, direction: 'inbound' });
  await analyzeAttachments(model, DEFAULT_LIMITS);
  return model;
}

let n = 0;
for (const f of files.slice(0, limit)) {
  const raw = await readFile(join(values.corpus, f));
  const best = variants.map(() => Infinity);
  for (let r = 0; r < repeat; r++) {
    // A fresh copy per run: a second run on the same objects would find their parses cached.
    const models = withParse ? [] : await Promise.all(variants.map(() => parsed(raw, f)));
    for (let k = 0; k < variants.length; k++) {
      const i = (k + r + n) % variants.length;
      const v = variants[i]!;
      const start = process.cpuUsage();
      const model = withParse ? await v.parse(raw, f) : models[i]!;
      const parseCpu = process.cpuUsage(start);
      await v.detector.detect(model, ctx);
      const cpu = v.detector.lastRun!.cpuMs + (withParse ? (parseCpu.user + parseCpu.system) / 1000 : 0);
      best[i] = Math.min(best[i]!, cpu);
    }
  }
  variants.forEach((v, i) => v.best.push(best[i]!));
  n++;
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`messages ${n}, each variant ${repeat}x per message (least CPU kept${withParse ? ', parse + attachments + rules' : ', rules'}); load average ${loadStart.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`);
for (const v of variants) {
  const ratio = variants[0]!.best.map((x, i) => x / Math.max(v.best[i]!, 1e-3));
  console.log(
    `${v.name.padEnd(40)} CPU median ${q(v.best, 0.5).toFixed(2)} ms  p95 ${q(v.best, 0.95).toFixed(2)} ms  mean ${(v.best.reduce((a, b) => a + b, 0) / n).toFixed(2)} ms` +
      (v === variants[0] ? '' : `  (this checkout / it, median ratio ${q(ratio, 0.5).toFixed(3)})`),
  );
}
