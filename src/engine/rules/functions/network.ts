/**
 * `beta.ip_in(ip, "cidr", …)`: whether an address falls in any of the given ranges. IPv4 ranges become
 * sorted, merged integer intervals searched by bisection (node's BlockList costs a native call and an
 * address object per check, and rules check every header IP against hundreds of ranges); IPv6 ranges likewise
 * become 128-bit intervals (BlockList checks its subnets one by one), with BlockList kept for any address
 * or range written in a form ./ipv6.ts does not parse (zone ids, embedded IPv4).
 */
import { BlockList, isIP } from 'node:net';
import { inIntervals, ipv6Range, ipv6ToBigInt, mergeIntervals } from './ipv6.ts';
import type { FnTable } from './types.ts';

interface Ranges {
  /** Merged IPv4 intervals, [start, end] inclusive, sorted by start. */
  v4: Float64Array;
  v6: BlockList;
  /** The IPv6 ranges as merged 128-bit intervals, when every one of them parsed (else `v6` answers). */
  v6Intervals: bigint[] | null;
}

/** Built ranges by argument array: call sites with literal ranges pass the same array on every call. */
const built = new WeakMap<unknown[], Ranges>();

function ipv4ToInt(ip: string): number {
  const p = ip.split('.');
  return ((Number(p[0]) * 256 + Number(p[1])) * 256 + Number(p[2])) * 256 + Number(p[3]);
}

/** Ranges are `args[1..]`. */
function rangesOf(args: unknown[]): Ranges {
  let r = built.get(args);
  if (r) return r;
  const v4: [number, number][] = [];
  const v6 = new BlockList();
  const v6Ranges: [bigint, bigint][] = [];
  let v6Parsed = true;
  for (let i = 1; i < args.length; i++) {
    const spec = args[i];
    if (typeof spec !== 'string') continue;
    const [addr, bits] = spec.trim().split('/');
    const family = isIP(addr ?? '');
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (!family || !Number.isInteger(prefix)) continue;
    if (family === 6) {
      v6.addSubnet(addr!, prefix, 'ipv6');
      const range = ipv6Range(addr!, prefix);
      if (range) v6Ranges.push(range);
      else v6Parsed = false;
      continue;
    }
    const size = 2 ** (32 - Math.min(32, Math.max(0, prefix)));
    const start = Math.floor(ipv4ToInt(addr!) / size) * size;
    v4.push([start, start + size - 1]);
  }
  v4.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [s, e] of v4) {
    const n = merged.length;
    if (n && s <= merged[n - 1]! + 1) merged[n - 1] = Math.max(merged[n - 1]!, e);
    else merged.push(s, e);
  }
  r = { v4: Float64Array.from(merged), v6, v6Intervals: v6Parsed ? mergeIntervals(v6Ranges) : null };
  built.set(args, r);
  return r;
}

function inV4(v4: Float64Array, x: number): boolean {
  let lo = 0;
  let hi = v4.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x < v4[2 * mid]!) hi = mid - 1;
    else if (x > v4[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

export const NETWORK_FUNCTIONS: FnTable = {
  'beta.ip_in': {
    minArgs: 2,
    call: (args) => {
      const ip = args[0];
      if (typeof ip !== 'string') return null;
      const family = isIP(ip);
      if (!family) return null;
      const r = rangesOf(args);
      if (family === 4) return inV4(r.v4, ipv4ToInt(ip));
      const x = r.v6Intervals ? ipv6ToBigInt(ip) : null;
      return x === null ? r.v6.check(ip, 'ipv6') : inIntervals(r.v6Intervals!, x);
    },
  },
};
