/**
 * A cheap test for QR finder patterns (the three 1:1:3:1:1 dark-light squares in the corners) before the full
 * decoder runs. jsQR binarises and searches the whole image, which on text-heavy banners costs tens of
 * milliseconds for nothing; a single pass over the rows, then a vertical confirmation, rules most of them out.
 */

export interface Gray {
  data: Uint8Array;
  width: number;
  height: number;
}

interface Hit {
  x: number;
  y: number;
  module: number;
  threshold: number;
}

/** Luminance, with transparent pixels taken as the light page behind them. */
export function toGray(rgba: Uint8ClampedArray, width: number, height: number): Gray {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++) {
    data[j] = rgba[i + 3]! < 128 ? 255 : (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
  }
  return { data, width, height };
}

function ratioOk(runs: number[], at: number): Hit | null {
  const a = runs[at]!, b = runs[at + 1]!, c = runs[at + 2]!, d = runs[at + 3]!, e = runs[at + 4]!;
  const total = a + b + c + d + e;
  if (total < 7) return null;
  const m = total / 7;
  const tol = m * 0.6;
  if (Math.abs(a - m) > tol || Math.abs(b - m) > tol || Math.abs(d - m) > tol || Math.abs(e - m) > tol) return null;
  if (Math.abs(c - 3 * m) > tol * 2) return null;
  return { x: 0, y: 0, module: m, threshold: 0 };
}

/** The same 1:1:3:1:1 pattern must run down the column through the centre: a square, not a stroke. */
function crossCheck(g: Gray, x: number, y: number, m: number, threshold: number, invert: boolean): boolean {
  const dark = (yy: number): boolean => (g.data[yy * g.width + x]! < threshold) !== invert;
  if (!dark(y)) return false;
  const run = (from: number, step: number, want: boolean, limit: number): number => {
    let n = 0;
    for (let yy = from; yy >= 0 && yy < g.height && dark(yy) === want && n <= limit; yy += step) n++;
    return n;
  };
  const max = Math.ceil(m * 5);
  const upCentre = run(y, -1, true, max);
  const downCentre = run(y + 1, 1, true, max);
  const upLight = run(y - upCentre, -1, false, max);
  const downLight = run(y + 1 + downCentre, 1, false, max);
  const upDark = run(y - upCentre - upLight, -1, true, max);
  const downDark = run(y + 1 + downCentre + downLight, 1, true, max);
  const tol = m * 0.7;
  return Math.abs(upCentre + downCentre - 3 * m) <= tol * 2 && [upLight, downLight, upDark, downDark].every((r) => Math.abs(r - m) <= tol);
}

function rowHits(g: Gray, y: number, invert: boolean, out: Hit[]): void {
  const row = g.data.subarray(y * g.width, (y + 1) * g.width);
  let min = 255;
  let max = 0;
  for (const v of row) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min < 60) return;
  const threshold = (min + max) >> 1;
  const runs: number[] = [];
  const starts: number[] = [];
  const firstDark: boolean[] = [];
  let current = (row[0]! < threshold) !== invert;
  let len = 0;
  for (let x = 0; x <= row.length; x++) {
    const dark = x < row.length ? (row[x]! < threshold) !== invert : !current;
    if (dark === current) {
      len++;
      continue;
    }
    runs.push(len);
    starts.push(x - len);
    firstDark.push(current);
    current = dark;
    len = 1;
  }
  for (let i = 0; i + 4 < runs.length; i++) {
    if (!firstDark[i]) continue;
    const hit = ratioOk(runs, i);
    if (!hit) continue;
    const x = Math.floor(starts[i]! + runs[i]! + runs[i + 1]! + runs[i + 2]! / 2);
    if (crossCheck(g, x, y, hit.module, threshold, invert)) out.push({ x, y, module: hit.module, threshold });
  }
}

/** True when at least two vertically confirmed finder patterns are present (a code has three). */
export function hasFinderPatterns(g: Gray): boolean {
  for (const invert of [false, true]) {
    const hits: Hit[] = [];
    for (let y = 0; y < g.height; y++) rowHits(g, y, invert, hits);
    if (hits.length < 6) continue;
    const centres: Hit[] = [];
    // Hits come in row order, so the rows below a hit are the ones after it: the scan stays linear-ish.
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i]!;
      // Confirmed when enough rows below it hit at the same x: the centre square is 3 modules tall.
      let stacked = 0;
      for (let j = i + 1; j < hits.length && hits[j]!.y - h.y <= h.module * 3; j++) {
        if (hits[j]!.y > h.y && Math.abs(hits[j]!.x - h.x) <= h.module * 1.5) stacked++;
      }
      if (stacked < Math.max(2, Math.floor(h.module * 2) - 1)) continue;
      if (centres.every((c) => Math.abs(c.x - h.x) > c.module * 7 || Math.abs(c.y - h.y) > c.module * 7)) centres.push(h);
      if (centres.length >= 60) break;
    }
    if (formsCorner(centres)) return true;
  }
  return false;
}

/**
 * Three finder patterns of one code sit at the corners of a square: one shares its row with a second and its
 * column with a third, all with about the same module size. Text rarely lines up like that.
 */
function formsCorner(centres: Hit[]): boolean {
  const similar = (a: Hit, b: Hit): boolean => Math.abs(a.module - b.module) <= Math.max(a.module, b.module) * 0.4;
  for (const corner of centres) {
    for (const right of centres) {
      if (right === corner || !similar(corner, right) || Math.abs(right.y - corner.y) > corner.module * 2) continue;
      const side = Math.abs(right.x - corner.x);
      if (side < corner.module * 14) continue;
      for (const below of centres) {
        if (below === corner || below === right || !similar(corner, below)) continue;
        if (Math.abs(below.x - corner.x) <= corner.module * 2 && Math.abs(Math.abs(below.y - corner.y) - side) <= side * 0.2) return true;
      }
    }
  }
  return false;
}
