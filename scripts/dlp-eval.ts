/**
 * `npx tsx scripts/dlp-eval.ts [--count 500] [--seed 8] [--ham <dir>]...`
 * Generates outbound mail with and without sensitive data (scripts/dlp-corpus.ts), scans each message with the
 * default engine as outbound mail, and prints precision and recall per DLP rule (per message, not per value),
 * then the same per carrier (body, or a CSV, PDF, Word or zip attachment).
 * With --ham, real mail (none of it expected to carry secrets) is also scanned as outbound and every DLP
 * firing on it is listed as a false positive: the generator's look-alikes are ours, real text is not.
 */
import { createDefaultEngine } from '../src/engine/default-engine.ts';
import { DLP_RULES } from '../src/engine/detectors/dlp/rules.ts';
import { loadMessages, parseArgs } from './corpus-args.ts';
import { generateDlpCorpus } from './dlp-corpus.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const samples = generateDlpCorpus(arg('count', 500), arg('seed', 8));
const { engine } = await createDefaultEngine({ org: { domains: ['acme.example'], vips: [] } });

const stats = new Map<string, { tp: number; fp: number; fn: number }>(Object.keys(DLP_RULES).map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
let leaked = 0;
/** Per carrier (body, csv, pdf, docx, zip): messages, expected rules found, expected rules missed, rules fired unexpectedly. */
const carriers = new Map<string, { messages: number; found: number; missed: number; extra: number }>();
for (const s of samples) {
  const { verdict } = await engine.scan({ raw: s.raw, direction: 'outbound' });
  const dlp = verdict.findings.filter((f) => f.category === 'dlp');
  const fired = new Set(dlp.map((f) => f.rule));
  const c = carriers.get(s.carrier) ?? { messages: 0, found: 0, missed: 0, extra: 0 };
  c.messages++;
  for (const rule of s.expected) if (fired.has(rule)) c.found++;
  else c.missed++;
  for (const rule of fired) if (!s.expected.includes(rule)) c.extra++;
  carriers.set(s.carrier, c);
  const evidence = JSON.stringify(dlp);
  for (const v of s.planted) if (evidence.includes(v)) leaked++;
  for (const [rule, st] of stats) {
    const want = s.expected.includes(rule);
    const got = fired.has(rule);
    if (want && got) st.tp++;
    else if (got) st.fp++;
    else if (want) st.fn++;
  }
}

const pct = (n: number, d: number) => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
console.log(`messages: ${samples.length} (with sensitive data: ${samples.filter((s) => s.expected.length).length})`);
console.log('rule                    TP   FP   FN  precision  recall');
let all = { tp: 0, fp: 0, fn: 0 };
for (const [rule, st] of stats) {
  if (st.tp + st.fp + st.fn === 0) continue;
  all = { tp: all.tp + st.tp, fp: all.fp + st.fp, fn: all.fn + st.fn };
  console.log(`${rule.padEnd(22)} ${String(st.tp).padStart(4)} ${String(st.fp).padStart(4)} ${String(st.fn).padStart(4)}     ${pct(st.tp, st.tp + st.fp)}  ${pct(st.tp, st.tp + st.fn)}`);
}
console.log(`${'all'.padEnd(22)} ${String(all.tp).padStart(4)} ${String(all.fp).padStart(4)} ${String(all.fn).padStart(4)}     ${pct(all.tp, all.tp + all.fp)}  ${pct(all.tp, all.tp + all.fn)}`);
console.log(`unmasked planted values found in evidence: ${leaked}`);
console.log('\ncarrier   messages  found  missed  unexpected');
for (const [name, c] of [...carriers].sort()) console.log(`${name.padEnd(9)} ${String(c.messages).padStart(8)} ${String(c.found).padStart(6)} ${String(c.missed).padStart(7)} ${String(c.extra).padStart(11)}`);

const hamDirs = parseArgs(process.argv.slice(2), ['ham', 'count', 'seed']).multi.get('ham') ?? [];
if (hamDirs.length > 0) {
  const ham = await loadMessages(hamDirs);
  const hits = new Map<string, number>();
  const examples: string[] = [];
  for (const item of ham) {
    const { verdict } = await engine.scan({ raw: item.raw, direction: 'outbound' });
    const dlp = verdict.findings.filter((f) => f.category === 'dlp');
    for (const f of dlp) hits.set(f.rule, (hits.get(f.rule) ?? 0) + 1);
    if (dlp.length && examples.length < 10) examples.push(`${item.file}: ${dlp.map((f) => `${f.rule} ${f.evidence}`).join(' | ')}`);
  }
  const flagged = [...hits.values()].reduce((a, b) => a + b, 0);
  console.log(`\nreal ham scanned as outbound: ${ham.length}; DLP findings: ${flagged}`);
  for (const [rule, n] of hits) console.log(`  ${rule.padEnd(22)} ${n}`);
  for (const e of examples) console.log(`  e.g. ${e}`);
}
