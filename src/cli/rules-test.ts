/**
 * `mailwarden rules test <rules> <eml...>`: parses each message as a scan would (attachments analysed), runs
 * the pack's runnable rules, and prints each matching rule with the conditions that made it match.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { analyzeAttachments } from '../engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../engine/limits.ts';
import { loadLists } from '../engine/lists/index.ts';
import { parseMessage } from '../engine/parse/parse-message.ts';
import { createRulesDetector } from '../engine/rules/index.ts';

export interface RulesTestOptions {
  lists?: string;
  orgDomain?: string[];
  json?: boolean;
  /** No approximated functions (the local NLU stand-in). */
  strict?: boolean;
}

export async function runRulesTest(path: string, emls: string[], opts: RulesTestOptions): Promise<number> {
  const lists = loadLists({ folders: opts.lists ? [opts.lists] : [] });
  const { detector, stats } = await createRulesDetector({ packs: [path], lists, strict: opts.strict });
  const org = { domains: opts.orgDomain ?? [], vips: [] };
  const approximated = Object.entries(stats.approximated).map(([fn, n]) => `${n} via ${fn} (local stand-in)`).join(', ');
  if (!opts.json) console.log(`${stats.runnable} runnable rules of ${stats.total} (${stats.skipped} skipped${approximated ? `; approximated: ${approximated}` : ''})`);
  const out: { file: string; matches: { rule: string; name: string; severity: string; evidence: string; approximate: boolean }[] }[] = [];
  let anyMatch = false;
  for (const file of emls) {
    const model = await parseMessage(new Uint8Array(await readFile(file)), {
      limits: DEFAULT_LIMITS,
      orgDomains: org.domains,
      externalId: basename(file),
      direction: 'inbound',
    });
    await analyzeAttachments(model, DEFAULT_LIMITS);
    const findings = await detector.detect(model, { org, lists, limits: DEFAULT_LIMITS, now: new Date(), signal: new AbortController().signal });
    const byId = new Map(detector.loaded.map((r) => [r.id, r]));
    const matches = findings.map((f) => ({
      rule: f.rule,
      name: byId.get(f.rule)?.spec.name ?? '',
      severity: String(byId.get(f.rule)?.spec.severity ?? 'medium'),
      evidence: f.evidence,
      approximate: (byId.get(f.rule)?.approximations.length ?? 0) > 0,
    }));
    anyMatch ||= matches.length > 0;
    out.push({ file, matches });
    if (opts.json) continue;
    console.log(`\n${file}: ${matches.length} rule(s) matched in ${detector.lastRun?.evalMs.toFixed(2)} ms`);
    for (const m of matches) console.log(`  [${m.severity}] ${m.rule}  ${m.name}\n      because: ${m.evidence}`);
    for (const f of detector.lastRun?.failures ?? []) console.log(`  ! ${f.rule} failed: ${f.error}`);
  }
  if (opts.json) console.log(JSON.stringify(out, null, 2));
  return anyMatch ? 0 : 1;
}
