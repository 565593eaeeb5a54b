/** Nearest-rank percentile (p in 0..1) of unsorted samples; NaN when there are none. Used by the emulator benches. */
export function nearestRank(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN;
}
