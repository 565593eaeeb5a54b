/**
 * One value per line; `#` starts a comment line; blank lines are skipped. Values are trimmed and lower-cased
 * (lists hold domains, extensions and names, all compared case-insensitively).
 */
export function parseListText(text: string, into: Set<string> = new Set(), format: 'txt' | 'csv' = 'txt'): Set<string> {
  for (const line of text.split(/\r?\n/)) {
    // Rank lists (`tranco_top_10k.csv`) are `rank,entry` rows: the entry is what rules compare against.
    const value = (format === 'csv' ? line.slice(line.indexOf(',') + 1) : line).trim();
    if (value === '' || value.startsWith('#')) continue;
    into.add(value.toLowerCase());
  }
  return into;
}

/** List name from a file name: `free_email_providers.txt` → `free_email_providers`. */
export function listNameOf(fileName: string): string {
  return fileName.replace(/\.(txt|csv)$/i, '');
}

/** Names rules use for Sublime's rank lists, besides their file names. */
export const LIST_ALIASES: Readonly<Record<string, readonly string[]>> = {
  tranco_top_10k: ['tranco_10k'],
  tranco_top_50k: ['tranco_50k'],
  tranco_top_1m: ['tranco_1m'],
  alexa_top_1m: ['alexa_1m'],
  umbrella_top_1m_tld: ['umbrella_1m_tld'],
};
