/**
 * `beta.ip_in` answers IPv6 ranges from merged 128-bit intervals (functions/ipv6.ts) and falls back to node's
 * BlockList for forms it does not parse. Every answer must be BlockList's: checked side by side on generated
 * addresses and ranges, and on the edge forms (::ffff:, zone ids, /0, /128, upper case, leading zeros).
 */
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { inIntervals, ipv6Range, ipv6ToBigInt, mergeIntervals } from '../../../../src/engine/rules/functions/ipv6.ts';
import { FUNCTIONS } from '../../../../src/engine/rules/functions/index.ts';
import { compileMql } from '../../../../src/engine/rules/compile.ts';
import { parseMql } from '../../../../src/engine/rules/parser.ts';
import { evalMql, makeEnv } from './eval-helper.ts';

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eight groups, written compressed (longest zero run as `::`) or in full, sometimes upper-case. */
function format(groups: number[], rand: () => number): string {
  const hex = groups.map((g) => (rand() < 0.2 ? g.toString(16).padStart(4, '0') : g.toString(16)));
  let text = hex.join(':');
  if (rand() < 0.7) {
    let best = [-1, 0];
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > best[1]!) best = [i, j - i];
      i = j === i ? i + 1 : j;
    }
    if (best[1]! >= 1) text = hex.slice(0, best[0]).join(':') + '::' + hex.slice(best[0]! + best[1]!).join(':');
  }
  return rand() < 0.2 ? text.toUpperCase() : text;
}

/** Groups drawn from few values, so addresses fall inside and next to the ranges. */
function groups(rand: () => number): number[] {
  const pool = [0, 0, 0, 1, 0x20, 0x2001, 0xdb8, 0xffff, 0xfe80, 0x8000, 0x7fff];
  return Array.from({ length: 8 }, () => (rand() < 0.8 ? pool[Math.floor(rand() * pool.length)]! : Math.floor(rand() * 0x10000)));
}

const ipIn = (ip: string, ...ranges: string[]) => FUNCTIONS['beta.ip_in']!.call([ip, ...ranges], makeEnv(), {});

function blockListAnswer(ip: string, ranges: string[]): boolean {
  const b = new BlockList();
  for (const r of ranges) {
    const [addr, bits] = r.split('/');
    b.addSubnet(addr!, bits === undefined ? 128 : Number(bits), 'ipv6');
  }
  return b.check(ip, 'ipv6');
}

describe('IPv6 addresses and ranges as 128-bit intervals', () => {
  it('parses the plain forms to the integer BlockList compares, and refuses the others', () => {
    expect(ipv6ToBigInt('::')).toBe(0n);
    expect(ipv6ToBigInt('::1')).toBe(1n);
    expect(ipv6ToBigInt('1::')).toBe(1n << 112n);
    expect(ipv6ToBigInt('FFFF:ffff:FFFF:ffff:ffff:ffff:ffff:ffff')).toBe((1n << 128n) - 1n);
    expect(ipv6ToBigInt('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(ipv6ToBigInt('2001:db8::1'));
    // Not parsed here (BlockList answers): embedded IPv4, zone ids, malformed.
    for (const s of ['::ffff:1.2.3.4', 'fe80::1%eth0', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1']) {
      expect(ipv6ToBigInt(s), s).toBeNull();
    }
  });

  it('ranges cover /0 to /128 and merge overlapping and adjacent ones', () => {
    expect(ipv6Range('::', 0)).toEqual([0n, (1n << 128n) - 1n]);
    expect(ipv6Range('2001:db8::1', 128)).toEqual([ipv6ToBigInt('2001:db8::1'), ipv6ToBigInt('2001:db8::1')]);
    expect(ipv6Range('2001:db8::1', 32)).toEqual([ipv6ToBigInt('2001:db8::'), ipv6ToBigInt('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')]);
    expect(ipv6Range('::1', 129)).toBeNull();
    expect(ipv6Range('::1', -1)).toBeNull();
    const merged = mergeIntervals([[10n, 20n], [0n, 4n], [5n, 6n], [15n, 30n], [40n, 40n]]);
    expect(merged).toEqual([0n, 6n, 10n, 30n, 40n, 40n]);
    for (const [x, want] of [[0n, true], [6n, true], [7n, false], [9n, false], [10n, true], [30n, true], [31n, false], [40n, true], [41n, false]] as const) {
      expect(inIntervals(merged, x), String(x)).toBe(want);
    }
    expect(inIntervals([], 1n)).toBe(false);
  });

  it('beta.ip_in answers as BlockList on generated addresses and ranges', () => {
    const rand = rng(4242);
    let inside = 0;
    let outside = 0;
    for (let set = 0; set < 60; set++) {
      const ranges = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => {
        const prefix = [0, 1, 16, 32, 48, 64, 96, 112, 127, 128][Math.floor(rand() * 10)]!;
        return `${format(groups(rand), rand)}/${prefix}`;
      });
      for (let k = 0; k < 40; k++) {
        const ip = format(groups(rand), rand);
        const want = blockListAnswer(ip, ranges);
        expect(ipIn(ip, ...ranges), `${ip} in ${ranges.join(', ')}`).toBe(want);
        if (want) inside++;
        else outside++;
      }
    }
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBeGreaterThan(100);
  });

  it('edge forms: ::ffff: mapped addresses, zone ids, /0, /128, ranges without a prefix', () => {
    const cases: [string, string[]][] = [
      ['::ffff:1.2.3.4', ['::ffff:0:0/96']],
      ['::ffff:102:304', ['::ffff:0:0/96']],
      ['::ffff:102:304', ['::ffff:1.2.3.0/120']],
      ['::ffff:1.2.3.4', ['::ffff:1.2.3.0/120', '2001:db8::/32']],
      ['2001:db8::5', ['::ffff:1.2.3.0/120', '2001:db8::/32']],
      ['fe80::1%eth0', ['fe80::/10']],
      ['fe80::1', ['fe80::%eth0/64']],
      ['fe80::1%eth0', ['2001:db8::/32']],
      ['ffff::1', ['::/0']],
      ['::', ['::/0']],
      ['2001:db8::1', ['2001:db8::1/128']],
      ['2001:db8::2', ['2001:db8::1/128']],
      ['2001:db8::1', ['2001:db8::1']],
      ['2001:DB8::1', ['2001:db8::/127']],
    ];
    for (const [ip, ranges] of cases) expect(ipIn(ip, ...ranges), `${ip} in ${ranges.join(', ')}`).toBe(blockListAnswer(ip, ranges));
    // And a few spelled out, so a shared mistake with BlockList would still show.
    expect(ipIn('::ffff:102:304', '::ffff:0:0/96')).toBe(true);
    expect(ipIn('fe80::1%eth0', '2001:db8::/32')).toBe(false);
    expect(ipIn('2001:db8::2', '2001:db8::1/128')).toBe(false);
    expect(ipIn('ffff::1', '::/0')).toBe(true);
  });

  it('through MQL: IPv4 and IPv6 ranges in one call, non-strings and nulls', () => {
    const src = 'beta.ip_in(sender.email.domain.domain, "10.0.0.0/8", "2001:db8::/32", "::ffff:0:0/96")';
    const compiled = compileMql(parseMql(src));
    const at = (domain: unknown) => compiled.fn(makeEnv({ model: { ...makeEnv().msg, sender: { display_name: null, email: { domain: { domain } } } } as never }));
    expect(at('10.1.2.3')).toBe(true);
    expect(at('11.1.2.3')).toBe(false);
    expect(at('2001:db8:1::9')).toBe(true);
    expect(at('2001:db9::9')).toBe(false);
    expect(at('::ffff:10.0.0.1')).toBe(true);
    expect(at('not an ip')).toBeNull();
    expect(at(null)).toBeNull();
    expect(evalMql('beta.ip_in(null, "::/0")')).toBeNull();
  });
});
