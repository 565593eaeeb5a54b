/** `mailwarden scan`: the run behind the command (loaded only when the command is used). */
import { createDefaultEngine } from '../engine/default-engine.ts';
import { formatExplain, formatJson, formatRow, formatSummary, tableHeader, toScanLine } from './scan-format.ts';
import { listSources, readSourceItems, readStdin, type ScanItem } from './scan-inputs.ts';
import { orderedPool } from './scan-pool.ts';
import { ProgressBar } from './scan-progress.ts';

export interface ScanCliOptions {
  json?: boolean;
  explain?: boolean;
  rules?: string[];
  /** MQL rules without approximations (the local NLU stand-in). */
  strict?: boolean;
  lists?: string[];
  orgDomain?: string[];
  /** Messages in flight at once. */
  concurrency?: number;
}

/** Progress is worth drawing past this many files. */
const PROGRESS_MIN_FILES = 20;

/** Exit codes: 0 every message clean, 1 any threat, 2 usage or I/O error (it wins: the run is incomplete). */
export async function runScan(paths: string[], opts: ScanCliOptions): Promise<number> {
  const err = (msg: string) => process.stderr.write(`mailwarden scan: ${msg}\n`);
  let sources;
  try {
    sources = await listSources(paths);
  } catch (e) {
    err(`cannot read input: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  if (sources.length === 0) {
    err('no messages found in the given paths');
    return 2;
  }
  let engine;
  try {
    ({ engine } = await createDefaultEngine({
      org: { domains: (opts.orgDomain ?? []).map((d) => d.toLowerCase()), vips: [] },
      rulePacks: opts.rules ?? [],
      strictRules: opts.strict,
      listFolders: opts.lists ?? [],
    }));
  } catch (e) {
    err(e instanceof Error ? e.message : String(e));
    return 2;
  }

  const progress = process.stderr.isTTY && sources.length >= PROGRESS_MIN_FILES ? new ProgressBar(sources.length) : null;
  let filesDone = 0;
  let ioErrors = 0;
  async function* items(): AsyncGenerator<ScanItem> {
    for (const source of sources!) {
      const reader = readSourceItems(source, readStdin);
      for (;;) {
        let next: IteratorResult<ScanItem>;
        try {
          next = await reader.next();
        } catch (e) {
          ioErrors++;
          progress?.clear();
          err(`cannot read ${source.path}: ${e instanceof Error ? e.message : String(e)}`);
          break;
        }
        if (next.done) break;
        yield next.value;
      }
      filesDone++;
    }
  }

  const started = performance.now();
  const counts = new Map<string, number>();
  let total = 0;
  let threats = 0;
  if (!opts.json) console.log(tableHeader());
  const scanned = orderedPool(items(), opts.concurrency ?? 4, async (item) => {
    try {
      return { item, result: await engine.scan({ raw: item.raw, externalId: item.file }), error: null };
    } catch (e) {
      return { item, result: null, error: e instanceof Error ? e.message : String(e) };
    }
  });
  for await (const { item, result, error } of scanned) {
    progress?.clear();
    if (!result) {
      ioErrors++;
      err(`scan failed for ${item.file}: ${error}`);
      continue;
    }
    total++;
    const line = toScanLine(item.file, result, Boolean(opts.explain));
    counts.set(line.verdict, (counts.get(line.verdict) ?? 0) + 1);
    if (line.verdict !== 'clean') threats++;
    if (opts.json) console.log(formatJson(line));
    else {
      console.log(formatRow(line));
      if (opts.explain) {
        const block = formatExplain(line);
        if (block) console.log(block);
      }
    }
    progress?.update(filesDone, total);
  }
  progress?.clear();
  const summary = formatSummary(counts, total, ioErrors, (performance.now() - started) / 1000);
  if (!opts.json) console.log(summary);
  else if (process.stderr.isTTY) err(summary);
  if (ioErrors > 0) return 2;
  return threats > 0 ? 1 : 0;
}
