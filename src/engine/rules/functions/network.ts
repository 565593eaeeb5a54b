/** `beta.ip_in(ip, "cidr", …)`: whether an address falls in any of the given IPv4/IPv6 ranges (node:net). */
import { BlockList, isIP } from 'node:net';
import type { FnTable } from './types.ts';

const lists = new Map<string, BlockList | null>();

function blockList(ranges: unknown[]): BlockList | null {
  const key = ranges.join(',');
  let list = lists.get(key);
  if (list === undefined) {
    list = new BlockList();
    for (const r of ranges) {
      if (typeof r !== 'string') continue;
      const [addr, bits] = r.trim().split('/');
      const family = isIP(addr ?? '');
      if (!family) continue;
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      if (Number.isInteger(prefix)) list.addSubnet(addr!, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    if (lists.size > 1000) lists.clear();
    lists.set(key, list);
  }
  return list;
}

export const NETWORK_FUNCTIONS: FnTable = {
  'beta.ip_in': {
    minArgs: 2,
    call: ([ip, ...ranges]) => {
      if (typeof ip !== 'string') return null;
      const family = isIP(ip);
      if (!family) return null;
      return blockList(ranges)?.check(ip, family === 4 ? 'ipv4' : 'ipv6') ?? false;
    },
  },
};
