/**
 * IPv6 addresses as 128-bit integers and ranges as sorted, merged intervals, for `beta.ip_in`. Only the plain
 * hex-groups form (with at most one `::`) is parsed; anything else (zone ids, embedded IPv4) gives null and
 * the caller falls back to node's BlockList, so no address is ever answered differently.
 */
const GROUP = /^[0-9a-fA-F]{1,4}$/;

export function ipv6ToBigInt(ip: string): bigint | null {
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  // Without `::` there must be eight groups; `::` stands for at least one group of zeros.
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  let v = 0n;
  for (const g of head) {
    if (!GROUP.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (halves.length === 2) v <<= 16n * BigInt(missing);
  for (const g of tail) {
    if (!GROUP.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

const ALL = (1n << 128n) - 1n;

/** `addr/prefix` as [first, last] inclusive, or null when the address does not parse. */
export function ipv6Range(addr: string, prefix: number): [bigint, bigint] | null {
  const v = ipv6ToBigInt(addr);
  if (v === null || prefix < 0 || prefix > 128) return null;
  const host = (1n << BigInt(128 - prefix)) - 1n;
  const start = v & (ALL ^ host);
  return [start, start | host];
}

/** Sorted, merged, flattened: [start0, end0, start1, end1, …]. */
export function mergeIntervals(ranges: [bigint, bigint][]): bigint[] {
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: bigint[] = [];
  for (const [s, e] of ranges) {
    const n = out.length;
    if (n && s <= out[n - 1]! + 1n) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

export function inIntervals(flat: readonly bigint[], x: bigint): boolean {
  let lo = 0;
  let hi = flat.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x < flat[2 * mid]!) hi = mid - 1;
    else if (x > flat[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}
