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

/** A box around one candidate code (three finder patterns at the corners), with room for its quiet zone. */
export interface CodeRegion {
  /** Light modules on a dark ground. */
  inverted: boolean;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** At most this many candidate codes are reported: one image rarely carries more, and each costs a decode. */
export const MAX_CODE_REGIONS = 6;
/** Corner triples considered before the tightest are kept (60 centres could otherwise make 200,000). */
const MAX_TRIPLES = 500;

/**
 * Boxes around the candidate codes: groups of three confirmed finder patterns forming a corner. An image can
 * carry several codes, and a decoder run on the whole image may lock on none of them. Light-on-dark codes are
 * looked for when no dark-on-light one is found, or always with `bothPolarities` (a mostly dark image).
 */
export function findCodeRegions(g: Gray, bothPolarities = false): CodeRegion[] {
  const found: CodeRegion[] = [];
  for (const invert of [false, true]) {
    if (invert && found.length && !bothPolarities) break;
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
    for (const region of corners(centres, g, invert)) if (found.length < MAX_CODE_REGIONS) found.push(region);
  }
  return found;
}

/** True when at least one code's three finder patterns are present. */
export function hasFinderPatterns(g: Gray): boolean {
  return findCodeRegions(g).length > 0;
}

/**
 * Three finder patterns of one code sit at the corners of a square: one shares its row with a second and its
 * column with a third, all with about the same module size. Text rarely lines up like that.
 */
function corners(centres: Hit[], g: Gray, inverted: boolean): CodeRegion[] {
  const triples: { side: number; region: CodeRegion }[] = [];
  const similar = (a: Hit, b: Hit): boolean => Math.abs(a.module - b.module) <= Math.max(a.module, b.module) * 0.4;
  for (const corner of centres) {
    for (const right of centres) {
      if (right === corner || !similar(corner, right) || Math.abs(right.y - corner.y) > corner.module * 2) continue;
      const side = Math.abs(right.x - corner.x);
      if (side < corner.module * 14) continue;
      for (const below of centres) {
        if (below === corner || below === right || !similar(corner, below)) continue;
        if (Math.abs(below.x - corner.x) > corner.module * 2 || Math.abs(Math.abs(below.y - corner.y) - side) > side * 0.2) continue;
        // Centres are 3.5 modules in from the code's edge; the quiet zone adds 4 more on every side.
        const pad = corner.module * 8;
        const xs = [corner.x, right.x, below.x];
        const ys = [corner.y, right.y, below.y];
        triples.push({
          side,
          region: {
            inverted,
            left: Math.max(0, Math.floor(Math.min(...xs) - pad)),
            top: Math.max(0, Math.floor(Math.min(...ys) - pad)),
            right: Math.min(g.width, Math.ceil(Math.max(...xs) + pad)),
            bottom: Math.min(g.height, Math.ceil(Math.max(...ys) + pad)),
          },
        });
        if (triples.length >= MAX_TRIPLES) break;
      }
    }
  }
  // Patterns of neighbouring codes also line up in corners, wider ones: the tightest triples are the real codes.
  triples.sort((a, b) => a.side - b.side);
  const regions: CodeRegion[] = [];
  for (const { region } of triples) {
    if (regions.some((r) => overlapShare(r, region) > 0.5)) continue;
    regions.push(region);
    if (regions.length >= MAX_CODE_REGIONS) break;
  }
  return regions;
}

/** Share of the smaller box covered by the intersection of two boxes. */
function overlapShare(a: CodeRegion, b: CodeRegion): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  if (w <= 0 || h <= 0) return 0;
  const area = (r: CodeRegion): number => (r.right - r.left) * (r.bottom - r.top);
  return (w * h) / Math.min(area(a), area(b));
}
