import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListSource } from '../detector.ts';
import { parseBrandText } from './brands.ts';
import { LIST_ALIASES, listNameOf, parseListText } from './parse-list.ts';

/** Our own lists, shipped with the engine. */
export const SHIPPED_LISTS_DIR = fileURLToPath(new URL('./data/', import.meta.url));

const EMPTY: ReadonlySet<string> = new Set();

export interface ListSourceOptions {
  /** Folders of `*.txt` (and `rank,entry` `*.csv`) lists, e.g. Sublime's static-files, merged over the shipped lists. */
  folders?: string[];
  /** Leave the shipped lists out (tests that want exactly their own lists). */
  shipped?: boolean;
  /** Extra lists given in code, merged last. */
  extra?: Record<string, Iterable<string>>;
}

/** A ListSource with its contents exposed for reporting (`names`, sizes). */
export interface LoadedLists extends ListSource {
  names(): string[];
}

/**
 * Loads the shipped lists, then every `*.txt` and `*.csv` in each folder the user points at (a `manifest.json`
 * there may give a list another identifier); a list present in several
 * places is the union of them all. Unknown names read as empty sets so a detector never has to guard.
 * Throws on a folder that does not exist: a misconfigured list path must not silently scan with no lists.
 */
export function loadLists(options: ListSourceOptions = {}): LoadedLists {
  const lists = new Map<string, Set<string>>();
  if (options.shipped !== false) loadFolder(SHIPPED_LISTS_DIR, lists);
  for (const folder of options.folders ?? []) loadFolder(folder, lists);
  for (const [name, values] of Object.entries(options.extra ?? {})) {
    const set = lists.get(name) ?? new Set<string>();
    for (const v of values) set.add(v.trim().toLowerCase());
    lists.set(name, set);
  }
  return {
    get: (name) => lists.get(name) ?? EMPTY,
    has: (name) => lists.has(name),
    names: () => [...lists.keys()].sort(),
  };
}

function loadFolder(folder: string, lists: Map<string, Set<string>>): void {
  if (!statSync(folder).isDirectory()) throw new Error(`list folder ${folder} is not a directory`);
  const identifiers = readManifest(folder);
  for (const file of readdirSync(folder).sort()) {
    const format = /\.csv$/i.test(file) ? 'csv' : /\.txt$/i.test(file) ? 'txt' : null;
    if (!format) continue;
    const path = join(folder, file);
    if (!statSync(path).isFile()) continue;
    const text = readFileSync(path, 'utf8');
    const name = listNameOf(file);
    if (name === 'brand_domains') {
      parseBrandText(text, lists);
      continue;
    }
    const set = parseListText(text, lists.get(name) ?? new Set<string>(), format);
    const id = identifiers.get(file);
    for (const alias of new Set([name, ...(id ? [id] : []), ...(LIST_ALIASES[name] ?? [])])) {
      const existing = lists.get(alias);
      if (existing && existing !== set) for (const v of set) existing.add(v);
      else lists.set(alias, set);
    }
  }
}

/** Sublime's static-files `manifest.json` maps file names to list identifiers; a folder without one is fine. */
function readManifest(folder: string): Map<string, string> {
  const ids = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(join(folder, 'manifest.json'), 'utf8');
  } catch {
    return ids;
  }
  const manifest = JSON.parse(text) as { lists?: { file?: unknown; identifier?: unknown }[] };
  for (const entry of manifest.lists ?? []) {
    if (typeof entry.file === 'string' && typeof entry.identifier === 'string') ids.set(entry.file, entry.identifier);
  }
  return ids;
}
