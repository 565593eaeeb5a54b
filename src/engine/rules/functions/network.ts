/** `beta.ip_in(ip, "cidr", …)`: whether an address falls in any of the given IPv4/IPv6 ranges (node:net). */
import { BlockList, isIP } from 'node:net';
import type { FnTable } from './types.ts';

/** Built lists by argument array: call sites with literal ranges pass the same array on every call. */
const lists = new WeakMap<unknown[], BlockList>();

/** Ranges are `args[1..]`. */
function blockList(args: unknown[]): BlockList {
  let list = lists.get(args);
  if (list === undefined) {
    list = new BlockList();
    for (let i = 1; i < args.length; i++) {
      const r = args[i];
      if (typeof r !== 'string') continue;
      const [addr, bits] = r.trim().split('/');
      const family = isIP(addr ?? '');
      if (!family) continue;
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      if (Number.isInteger(prefix)) list.addSubnet(addr!, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    lists.set(args, list);
  }
  return list;
}

export const NETWORK_FUNCTIONS: FnTable = {
  'beta.ip_in': {
    minArgs: 2,
    call: (args) => {
      const ip = args[0];
      if (typeof ip !== 'string') return null;
      const family = isIP(ip);
      if (!family) return null;
      return blockList(args).check(ip, family === 4 ? 'ipv4' : 'ipv6');
    },
  },
};
