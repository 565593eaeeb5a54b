/**
 * Measures MailWarden's local NLU stand-in for `ml.nlu_classifier` (not Sublime's model) on labelled mail:
 *   npx tsx scripts/nlu-eval.ts --phish <dir> --ham <dir> [--ham <dir>] [--rules <pack>] [--lists <dir>]
 * Prints, per class, the share of messages whose `body.current_thread.text` gets each intent and confidence,
 * the top topics, the classifier's CPU per message, and — with --rules — for every rule that is runnable only
 * through the stand-in (runnable normally, unsupported with strict), its hits on phish and on ham.
 * Nothing here tunes anything: the lexicons are fixed in src/engine/rules/functions/ml-nlu-*.ts.
 */
import { loadMessages, parseArgs } from './corpus-args.ts';
import { DEFAULT_LIMITS } from '../src/engine/limits.ts';
import { parseMessage } from '../src/engine/parse/parse-message.ts';
import { analyzeAttachments } from '../src/engine/attachments/analyze-attachments.ts';
import { loadLists } from '../src/engine/lists/index.ts';
import { createRulesDetector, loadPack } from '../src/engine/rules/index.ts';
import { classifyText } from '../src/engine/rules/functions/ml-nlu-classify.ts';
import type { MessageModel } from '../src/core/message.ts';

const args = parseArgs(process.argv.slice(2), ['phish', 'ham', 'rules', 'lists']);
const classes = { phish: args.multi.get('phish') ?? [], ham: args.multi.get('ham') ?? [] };
if (!classes.phish.length || !classes.ham.length) {
  console.error('usage: nlu-eval --phish <dir> --ham <dir> [--ham <dir>] [--rules <pack>] [--lists <dir>]');
  process.exit(2);
}
const rulesPack = args.multi.get('rules')?.[0];
const lists = loadLists({ folders: args.multi.get('lists') ?? [] });
const ctx = { org: { domains: [], vips: [] }, lists, limits: DEFAULT_LIMITS, now: new Date(), signal: new AbortController().signal };

// The rules that need the stand-in: runnable with approximations, unsupported without.
let approxOnly = new Set<string>();
const detector = rulesPack ? (await createRulesDetector({ packs: [rulesPack], lists })).detector : null;
if (rulesPack) {
  const strict = new Set((await loadPack(rulesPack, undefined, { strict: true })).rules.map((r) => r.id));
  approxOnly = new Set(detector!.loaded.filter((r) => !strict.has(r.id)).map((r) => r.id));
  console.log(`rules runnable only through the stand-in: ${approxOnly.size}`);
}

interface Tally {
  messages: number;
  intents: Map<string, number>;
  topics: Map<string, number>;
  /** Messages with a non-benign intent at least at each band. */
  lure: { low: number; medium: number; high: number };
  cpuMs: number[];
  ruleHits: Map<string, number>;
  messagesHit: number;
  /** Messages hit by a stand-in-only rule and by no other rule of the pack: what the stand-in adds. */
  onlyThroughStandIn: number;
}
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

async function measure(dirs: string[]): Promise<Tally> {
  const t: Tally = { messages: 0, intents: new Map(), topics: new Map(), lure: { low: 0, medium: 0, high: 0 }, cpuMs: [], ruleHits: new Map(), messagesHit: 0, onlyThroughStandIn: 0 };
  for (const item of await loadMessages(dirs)) {
    let model: MessageModel;
    try {
      model = await parseMessage(item.raw, { limits: DEFAULT_LIMITS, orgDomains: [], externalId: item.file, direction: 'inbound' });
    } catch {
      continue;
    }
    t.messages++;
    const text = model.body?.current_thread?.text ?? '';
    const cpu = process.cpuUsage();
    const r = classifyText(text);
    const used = process.cpuUsage(cpu);
    t.cpuMs.push((used.user + used.system) / 1000);
    if (!r) bump(t.intents, '(null: empty text)');
    for (const i of r?.intents ?? []) bump(t.intents, `${i.name}/${i.confidence}`);
    const lure = (r?.intents ?? []).filter((i) => i.name !== 'benign').map((i) => i.confidence);
    if (lure.length) t.lure.low++;
    if (lure.some((c) => c !== 'low')) t.lure.medium++;
    if (lure.includes('high')) t.lure.high++;
    for (const tp of r?.topics.slice(0, 1) ?? []) bump(t.topics, `${tp.name}/${tp.confidence}`);
    if (detector) {
      await analyzeAttachments(model, DEFAULT_LIMITS);
      const all = await detector.detect(model, ctx);
      const hits = all.filter((f) => approxOnly.has(f.rule));
      if (hits.length) t.messagesHit++;
      if (hits.length && hits.length === all.length) t.onlyThroughStandIn++;
      for (const f of hits) bump(t.ruleHits, f.rule);
    }
  }
  return t;
}

const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
const results = { phish: await measure(classes.phish), ham: await measure(classes.ham) };
for (const [name, t] of Object.entries(results)) {
  const cpu = [...t.cpuMs].sort((a, b) => a - b);
  const q = (p: number) => (cpu[Math.min(cpu.length - 1, Math.floor(p * cpu.length))] ?? 0).toFixed(2);
  console.log(`\n${name}: ${t.messages} messages; classifier CPU per message median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
  console.log(`  a lure intent (not benign): low+ ${pct(t.lure.low, t.messages)}, medium+ ${pct(t.lure.medium, t.messages)}, high ${pct(t.lure.high, t.messages)}`);
  console.log('  intents (top intent and any other at medium+):');
  for (const [k, n] of [...t.intents].sort((a, b) => b[1] - a[1])) console.log(`    ${pct(n, t.messages).padStart(6)}  ${k}`);
  console.log('  top topic:');
  for (const [k, n] of [...t.topics].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${pct(n, t.messages).padStart(6)}  ${k}`);
}
if (detector) {
  const { phish, ham } = results;
  console.log(`\nstand-in-only rules: phish messages hit ${phish.messagesHit}/${phish.messages} (${pct(phish.messagesHit, phish.messages)}), ham messages hit ${ham.messagesHit}/${ham.messages} (${pct(ham.messagesHit, ham.messages)})`);
  console.log(`  hit by no other rule of the pack: phish ${phish.onlyThroughStandIn}, ham ${ham.onlyThroughStandIn}`);
  const ids = new Set([...phish.ruleHits.keys(), ...ham.ruleHits.keys()]);
  const rows = [...ids].map((id) => [id, phish.ruleHits.get(id) ?? 0, ham.ruleHits.get(id) ?? 0] as const).sort((a, b) => b[2] - a[2] || b[1] - a[1]);
  console.log('  phish   ham  rule');
  for (const [id, p, h] of rows) console.log(`  ${String(p).padStart(5)} ${String(h).padStart(5)}  ${id}`);
  console.log(`  (${approxOnly.size - ids.size} of ${approxOnly.size} stand-in-only rules hit nothing on either side)`);
}
console.log(`\nload average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
