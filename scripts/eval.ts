/**
 * `npm run eval -- --phish <dir> --ham <dir> [--ham <dir>] [--rules <dir>] [--lists <dir>] [--show-missed N] [--show-fp N]`
 * Share of phishing flagged (any verdict but clean), share of ham flagged, hits per rule on both sides, and
 * optionally the missed phishing and the flagged ham files.
 */
import type { ScanEngine } from '../src/engine/scan-message.ts';
import { createDefaultEngine } from '../src/engine/default-engine.ts';
import { loadMessages, parseArgs } from './corpus-args.ts';

const args = parseArgs(process.argv.slice(2), ['phish', 'ham', 'rules', 'lists', 'show-missed', 'show-fp', 'org-domain']);
const phishDirs = args.multi.get('phish') ?? [];
const hamDirs = args.multi.get('ham') ?? [];
if (phishDirs.length === 0 && hamDirs.length === 0) {
  console.error('usage: npm run eval -- --phish <dir> --ham <dir> [--ham <dir>] [--rules <dir>] [--show-missed N] [--show-fp N]');
  process.exit(2);
}
const { engine, rules } = await createDefaultEngine({
  rulePacks: args.multi.get('rules') ?? [],
  listFolders: args.multi.get('lists') ?? [],
  org: { domains: args.multi.get('org-domain') ?? [], vips: [] },
});
if (rules) console.log(`rules: ${rules.runnable} runnable of ${rules.total}`);

interface Outcome {
  file: string;
  verdict: string;
  score: number;
  rules: { rule: string; detector: string; score: number }[];
}

async function run(e: ScanEngine, dirs: string[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const item of await loadMessages(dirs)) {
    const { verdict } = await e.scan({ raw: item.raw, externalId: item.file });
    out.push({ file: item.file, verdict: verdict.verdict, score: verdict.score, rules: verdict.findings.map((f) => ({ rule: f.rule, detector: f.detector, score: f.score })) });
  }
  return out;
}

const phish = await run(engine, phishDirs);
const ham = await run(engine, hamDirs);
const flagged = (o: Outcome[]) => o.filter((x) => x.verdict !== 'clean');
const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(2) : '0.00');
const byVerdict = (o: Outcome[]) => {
  const m = new Map<string, number>();
  for (const x of o) m.set(x.verdict, (m.get(x.verdict) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
};
if (phish.length) console.log(`phishing flagged: ${flagged(phish).length}/${phish.length} = ${pct(flagged(phish).length, phish.length)}%  (${byVerdict(phish)})`);
if (ham.length) console.log(`ham flagged:      ${flagged(ham).length}/${ham.length} = ${pct(flagged(ham).length, ham.length)}%  (${byVerdict(ham)})`);

// Hits per rule: messages in which the rule fired at least once.
const hits = new Map<string, { detector: string; phish: number; ham: number }>();
const count = (o: Outcome[], side: 'phish' | 'ham') => {
  for (const x of o) {
    for (const r of new Map(x.rules.map((r) => [r.rule, r])).values()) {
      const h = hits.get(r.rule) ?? { detector: r.detector, phish: 0, ham: 0 };
      h[side]++;
      hits.set(r.rule, h);
    }
  }
};
count(phish, 'phish');
count(ham, 'ham');
console.log(`\n${'RULE'.padEnd(44)} ${'DETECTOR'.padEnd(14)} ${'PHISH'.padStart(13)} ${'HAM'.padStart(13)}`);
for (const [rule, h] of [...hits.entries()].sort((a, b) => b[1].phish - a[1].phish || b[1].ham - a[1].ham || a[0].localeCompare(b[0]))) {
  const cell = (n: number, d: number) => `${n} (${pct(n, d)}%)`.padStart(13);
  console.log(`${rule.padEnd(44)} ${h.detector.padEnd(14)} ${cell(h.phish, phish.length)} ${cell(h.ham, ham.length)}`);
}

const list = (title: string, o: Outcome[], n: number) => {
  if (n <= 0) return;
  console.log(`\n${title} (${Math.min(n, o.length)} of ${o.length}):`);
  for (const x of o.slice(0, n)) console.log(`  ${x.verdict.padEnd(10)} ${x.score.toFixed(2).padStart(6)}  ${x.file}  [${x.rules.map((r) => `${r.rule} ${r.score}`).join(', ')}]`);
};
list('missed phishing', phish.filter((x) => x.verdict === 'clean').sort((a, b) => b.score - a.score), Number(args.multi.get('show-missed')?.[0] ?? 0));
list('flagged ham', flagged(ham).sort((a, b) => b.score - a.score), Number(args.multi.get('show-fp')?.[0] ?? 0));
