/**
 * `strings.like` patterns: `*` matches any run of characters and the pattern must cover the whole string.
 * Matched segment by segment with indexOf (greedy-leftmost is exact for `*`-only globs), so the cost is
 * linear in the input whatever the pattern — no regex, no backtracking.
 */
export function globMatch(s: string, pattern: string): boolean {
  return matchParts(s, pattern.split('*'));
}

/** A literal pattern split once, for a call site that tests it against many strings. */
export function compileGlob(pattern: string): (s: string) => boolean {
  const parts = pattern.split('*');
  return (s) => matchParts(s, parts);
}

function matchParts(s: string, parts: readonly string[]): boolean {
  const first = parts[0]!;
  if (parts.length === 1) return s === first;
  const last = parts[parts.length - 1]!;
  if (s.length < first.length + last.length) return false;
  if (!s.startsWith(first) || !s.endsWith(last)) return false;
  let pos = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (!part) continue;
    const at = s.indexOf(part, pos);
    if (at < 0 || at + part.length > end) return false;
    pos = at + part.length;
  }
  return true;
}
