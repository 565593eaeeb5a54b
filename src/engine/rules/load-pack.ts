/**
 * Loads a rule pack: every `.yml`/`.yaml` file under a folder (or one file), parsed and compiled once.
 * Each rule ends up runnable, unsupported (calls a function we do not evaluate locally) or in error
 * (YAML, syntax, arity or regex), and the pack reports the totals `rules check` prints.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RuleInfo } from '../../core/verdict.ts';
import type { Node } from './ast.ts';
import { compileMql, type CompiledExpr } from './compile.ts';
import { approximationOf } from './functions/index.ts';
import { parseMql } from './parser.ts';
import { asRuleSpec, ruleIdOf, ruleInfoOf, type RuleSpec } from './rule-file.ts';

export interface LoadedRule {
  file: string;
  id: string;
  spec: RuleSpec;
  info: RuleInfo;
  ast: Node;
  compiled: CompiledExpr;
  /** Functions this rule calls that MailWarden only approximates (its findings say so). */
  approximations: string[];
}

export interface RuleError {
  file: string;
  stage: 'yaml' | 'parse' | 'compile';
  error: string;
}

export interface PackReport {
  total: number;
  parsed: number;
  runnable: number;
  /** Runnable without any approximated function (what `runnable` is in strict mode). */
  runnableStrict: number;
  /** Runnable rules that call each approximated function (e.g. the local NLU stand-in for `ml.nlu_classifier`). */
  approximated: Record<string, number>;
  /** Rules not run: unsupported functions or compile errors. */
  skipped: number;
  /** Rules needing each unsupported function (a rule counts once per function it calls). */
  unsupported: Record<string, number>;
  errors: RuleError[];
  /** `$lists` the runnable rules read. */
  lists: Record<string, number>;
}

export interface LoadPackOptions {
  /** No approximations: rules calling an approximated function are unsupported, counted under its name. */
  strict?: boolean;
}

export interface LoadedPack {
  rules: LoadedRule[];
  report: PackReport;
}

async function listRuleFiles(path: string): Promise<string[]> {
  const st = await stat(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await listRuleFiles(full)));
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** Loads one pack. `packName` prefixes rule ids (`default` → `MQL_…`). */
export async function loadPack(path: string, packName = basename(path).replace(/\.ya?ml$/i, ''), options: LoadPackOptions = {}): Promise<LoadedPack> {
  const rules: LoadedRule[] = [];
  const report: PackReport = { total: 0, parsed: 0, runnable: 0, runnableStrict: 0, approximated: {}, skipped: 0, unsupported: {}, errors: [], lists: {} };
  const ids = new Set<string>();
  for (const file of await listRuleFiles(path)) {
    report.total++;
    let spec: RuleSpec | string;
    try {
      spec = asRuleSpec(parseYaml(await readFile(file, 'utf8')));
    } catch (e) {
      spec = (e as Error).message;
    }
    if (typeof spec === 'string') {
      report.errors.push({ file, stage: 'yaml', error: spec });
      report.skipped++;
      continue;
    }
    let ast: Node;
    try {
      ast = parseMql(spec.source);
    } catch (e) {
      report.errors.push({ file, stage: 'parse', error: (e as Error).message });
      report.skipped++;
      continue;
    }
    report.parsed++;
    let compiled: CompiledExpr;
    try {
      compiled = compileMql(ast);
    } catch (e) {
      report.errors.push({ file, stage: 'compile', error: (e as Error).message });
      report.skipped++;
      continue;
    }
    const approximations = [...compiled.calls].filter((fn) => approximationOf(fn) !== undefined).sort();
    const unsupported = options.strict ? [...compiled.unsupported, ...approximations] : [...compiled.unsupported];
    if (unsupported.length) {
      for (const fn of unsupported) report.unsupported[fn] = (report.unsupported[fn] ?? 0) + 1;
      report.skipped++;
      continue;
    }
    report.runnable++;
    if (approximations.length) for (const fn of approximations) report.approximated[fn] = (report.approximated[fn] ?? 0) + 1;
    else report.runnableStrict++;
    for (const l of compiled.lists) report.lists[l] = (report.lists[l] ?? 0) + 1;
    let id = ruleIdOf(spec, packName);
    for (let n = 2; ids.has(id); n++) id = `${ruleIdOf(spec, packName)}_${n}`;
    ids.add(id);
    rules.push({ file, id, spec, info: ruleInfoOf(spec), ast, compiled, approximations });
  }
  return { rules, report };
}
