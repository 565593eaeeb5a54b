/** Shared bits of the corpus scripts: tiny argument parsing and loading every message under some paths. */
import { listSources, readSource, type ScanItem } from '../src/cli/scan-inputs.ts';

export interface Args {
  positional: string[];
  multi: Map<string, string[]>;
  flags: Set<string>;
}

/** `--name value` options listed in `withValue` may repeat; other `--name`s are flags. */
export function parseArgs(argv: string[], withValue: string[]): Args {
  const args: Args = { positional: [], multi: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (withValue.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new Error(`--${name} needs a value`);
        args.multi.set(name, [...(args.multi.get(name) ?? []), value]);
      } else args.flags.add(name);
    } else args.positional.push(a);
  }
  return args;
}

/** Every message under the paths (folders recursive, mbox split), read into memory. */
export async function loadMessages(paths: string[]): Promise<ScanItem[]> {
  const out: ScanItem[] = [];
  for (const source of await listSources(paths)) {
    out.push(...(await readSource(source, () => Promise.reject(new Error('stdin is not supported here')))));
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
