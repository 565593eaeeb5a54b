/**
 * One value per line; `#` starts a comment line; blank lines are skipped. Values are trimmed and lower-cased
 * (lists hold domains, extensions and names, all compared case-insensitively).
 */
export function parseListText(text: string, into: Set<string> = new Set()): Set<string> {
  for (const line of text.split(/\r?\n/)) {
    const value = line.trim();
    if (value === '' || value.startsWith('#')) continue;
    into.add(value.toLowerCase());
  }
  return into;
}

/** List name from a file name: `free_email_providers.txt` → `free_email_providers`. */
export function listNameOf(fileName: string): string {
  return fileName.replace(/\.txt$/i, '');
}
