/** Longest string compared; longer labels are not look-alikes of a brand name anyway. */
const MAX_LEN = 63;
const rows = [new Int32Array(MAX_LEN + 2), new Int32Array(MAX_LEN + 2), new Int32Array(MAX_LEN + 2)];

/**
 * Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap neighbours), with
 * an early exit once every cell of a row exceeds `max` so that comparing one domain against a brand list
 * stays cheap. Returns `max + 1` when the distance is larger than `max` (or a string is over 63 characters).
 * Rows are reused buffers: the function is called thousands of times per message and must not allocate.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max || a.length > MAX_LEN || b.length > MAX_LEN) return max + 1;
  const n = b.length;
  let prevPrev = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = spare;
  }
  return Math.min(prev[n]!, max + 1);
}

/** Letter counts (a-z, 0-9 and one bucket for the rest), for a cheap lower bound before the full distance. */
export function letterBag(s: string): Int16Array {
  const bag = new Int16Array(37);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) bag[c - 97]!++;
    else if (c >= 48 && c <= 57) bag[26 + c - 48]!++;
    else bag[36]!++;
  }
  return bag;
}

/**
 * A lower bound of the edit distance from letter counts: a substitution changes two counts, an insertion or
 * deletion one, a swap none. When it already exceeds `max`, the full distance need not be computed.
 */
export function bagLowerBound(a: Int16Array, b: Int16Array): number {
  let diff = 0;
  for (let i = 0; i < 37; i++) diff += Math.abs(a[i]! - b[i]!);
  return Math.ceil(diff / 2);
}
