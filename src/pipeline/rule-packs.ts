import { basename } from 'node:path';
import type { ScanEngine } from '../engine/scan-message.ts';
import { slug } from '../engine/rules/rule-file.ts';

/** The id a policy names a loaded rule pack by: `default` for the shipped pack, else the folder's (file's) name in lower case. */
export function packIdOf(configEntry: string): string {
  return configEntry === 'default' ? 'default' : basename(configEntry.replace(/[\\/]+$/, '')).replace(/\.ya?ml$/i, '').toLowerCase();
}

/** The rule-id prefix the rule loader gives a pack's rules (`MQL_` for the default pack, `MQL_<PACK>_` otherwise). */
function prefixOf(packId: string): string {
  return packId === 'default' ? 'MQL_' : `MQL_${slug(packId)}_`;
}

/**
 * Pack id → the MQL rule ids it contributed to the engine. A rule belongs to the pack with the longest matching
 * prefix (every pack's ids start with `MQL_`, the default pack's prefix).
 */
export function rulePackIndex(engine: Pick<ScanEngine, 'detectors'>, packIds: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>(packIds.map((p) => [p, []]));
  const prefixes = packIds.map((p) => ({ p, prefix: prefixOf(p) })).sort((a, b) => b.prefix.length - a.prefix.length);
  for (const d of engine.detectors) {
    if (d.id !== 'mql') continue;
    for (const rule of Object.keys(d.rules)) {
      const owner = prefixes.find((x) => rule.startsWith(x.prefix));
      if (owner) index.get(owner.p)!.push(rule);
    }
  }
  return index;
}

/**
 * The MQL rules a tenant's policy leaves out: with `rulePacks` empty every loaded pack applies; otherwise only
 * the named ones do and every other pack's rules are disabled for the tenant's scans.
 */
export function rulesOutsidePacks(index: ReadonlyMap<string, readonly string[]>, wanted: readonly string[]): string[] {
  if (wanted.length === 0) return [];
  const keep = new Set(wanted);
  return [...index].filter(([pack]) => !keep.has(pack)).flatMap(([, rules]) => rules);
}

const indexes = new WeakMap<object, Map<string, string[]>>();

/** `rulesOutsidePacks` for a tenant's scan on this engine, the index built once per engine from RULE_PACKS. */
export function tenantRuleExclusions(engine: Pick<ScanEngine, 'detectors'>, rulePacksConfig: string, wanted: readonly string[]): string[] {
  if (wanted.length === 0) return [];
  let index = indexes.get(engine);
  if (!index) {
    const packIds = rulePacksConfig.split(',').map((p) => p.trim()).filter((p) => p !== '' && p !== 'none').map(packIdOf);
    index = rulePackIndex(engine, packIds);
    indexes.set(engine, index);
  }
  return rulesOutsidePacks(index, wanted);
}
