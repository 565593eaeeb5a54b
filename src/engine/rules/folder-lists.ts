/**
 * A `ListSource` read from a folder of list files, as Sublime's static-files repository lays them out:
 * `name.txt` one entry a line, `name.csv` `rank,entry` rows, and an optional `manifest.json` mapping files to
 * list identifiers. Entries are lower-cased. `tranco_top_10k.csv` is also known as `$tranco_10k`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListSource } from '../detector.ts';

const ALIASES: Record<string, string[]> = {
  tranco_top_10k: ['tranco_10k'], tranco_top_50k: ['tranco_50k'], tranco_top_1m: ['tranco_1m'], alexa_top_1m: ['alexa_1m'],
  umbrella_top_1m_tld: ['umbrella_1m_tld'],
};

export async function loadListFolder(dir: string): Promise<ListSource> {
  const lists = new Map<string, Set<string>>();
  const ids = new Map<string, string>();
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { lists?: { file: string; identifier: string }[] };
    for (const l of manifest.lists ?? []) ids.set(l.file, l.identifier);
  } catch {}
  for (const file of await readdir(dir)) {
    const m = /^(.+)\.(txt|csv)$/.exec(file);
    if (!m) continue;
    const text = await readFile(join(dir, file), 'utf8');
    const set = new Set<string>();
    for (const line of text.split('\n')) {
      const entry = (m[2] === 'csv' ? line.slice(line.indexOf(',') + 1) : line).trim().toLowerCase();
      if (entry && !entry.startsWith('#')) set.add(entry);
    }
    const id = ids.get(file) ?? m[1]!;
    for (const name of [id, m[1]!, ...(ALIASES[m[1]!] ?? [])]) lists.set(name, set);
  }
  return { get: (n) => lists.get(n) ?? new Set(), has: (n) => lists.has(n) };
}
