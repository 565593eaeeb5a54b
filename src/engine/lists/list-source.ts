import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListSource } from '../detector.ts';
import { parseBrandText } from './brands.ts';
import { listNameOf, parseListText } from './parse-list.ts';

/** Our own lists, shipped with the engine. */
export const SHIPPED_LISTS_DIR = fileURLToPath(new URL('./data/', import.meta.url));

const EMPTY: ReadonlySet<string> = new Set();

export interface ListSourceOptions {
  /** Folders of `*.txt` lists (e.g. Sublime's static-files) merged over the shipped lists. */
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
 * Loads the shipped lists, then every `*.txt` in each folder the user points at; a list present in several
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
  for (const file of readdirSync(folder).sort()) {
    if (!/\.txt$/i.test(file)) continue;
    const path = join(folder, file);
    if (!statSync(path).isFile()) continue;
    const text = readFileSync(path, 'utf8');
    const name = listNameOf(file);
    if (name === 'brand_domains') parseBrandText(text, lists);
    else {
      const set = lists.get(name) ?? new Set<string>();
      lists.set(name, parseListText(text, set));
    }
  }
}
