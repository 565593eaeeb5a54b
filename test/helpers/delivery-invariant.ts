/**
 * The fault suite's one invariant, read from the store after a run: every delivered message has exactly one
 * verdict and at most one executed action, and every destructive action has its sealed copy in the vault.
 * `checkDeliveryInvariant` only counts (so a test can print them); `expectDeliveryInvariant` asserts on them.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/store/tables.ts';

/** Actions that take a message out of the user's sight: the vault must hold a copy first. */
const DESTRUCTIVE = new Set(['quarantine', 'junk', 'trash', 'purge']);

export interface DeliveryInvariant {
  messages: number;
  /** Delivered messages without a verdict. */
  missingVerdicts: number;
  /** Messages with more than one verdict row. */
  duplicateVerdicts: number;
  /** Messages with more than one executed action (done, or found already done: noop). */
  executedTwice: number;
  /** Executed destructive actions, and those of them found already done on a retry. */
  destructive: number;
  alreadyDone: number;
  /** Destructive actions whose message has no sealed vault copy. */
  vaultLosses: number;
  /** Messages lost: no verdict, or out of sight without a vault copy. */
  losses: number;
  /** Executed actions per message key, for tests that expect a particular one. */
  actionOf: Map<string, string>;
}

export async function checkDeliveryInvariant(db: Kysely<Database>, keys: string[]): Promise<DeliveryInvariant> {
  const verdicts = new Map<string, number>();
  const executed = new Map<string, { action: string; status: string }[]>();
  const sealed = new Set<string>();
  // Chunks keep the `in (…)` lists small on PostgreSQL and SQLite alike.
  for (let i = 0; i < keys.length; i += 200) {
    const chunk = keys.slice(i, i + 200);
    for (const r of await db.selectFrom('verdicts').select(['message_key', sql<number>`count(*)`.as('n')]).where('message_key', 'in', chunk).groupBy('message_key').execute()) verdicts.set(r.message_key, Number(r.n));
    for (const r of await db.selectFrom('actions').select(['message_key', 'action', 'status']).where('status', 'in', ['done', 'noop']).where('message_key', 'in', chunk).execute()) {
      executed.set(r.message_key, [...(executed.get(r.message_key) ?? []), { action: r.action, status: r.status }]);
    }
    for (const r of await db.selectFrom('vault').select('message_key').where('sealed', 'is not', null).where('message_key', 'in', chunk).execute()) sealed.add(r.message_key);
  }
  const missingVerdicts = keys.filter((k) => !verdicts.has(k)).length;
  const destructiveKeys = keys.filter((k) => (executed.get(k) ?? []).some((a) => DESTRUCTIVE.has(a.action)));
  const vaultLosses = destructiveKeys.filter((k) => !sealed.has(k)).length;
  return {
    messages: keys.length,
    missingVerdicts,
    duplicateVerdicts: [...verdicts.values()].filter((n) => n > 1).length,
    executedTwice: [...executed.values()].filter((a) => a.length > 1).length,
    destructive: destructiveKeys.length,
    alreadyDone: [...executed.values()].flat().filter((a) => a.status === 'noop').length,
    vaultLosses,
    losses: missingVerdicts + vaultLosses,
    actionOf: new Map([...executed].map(([k, a]) => [k, a[0]!.action])),
  };
}

export function expectDeliveryInvariant(r: DeliveryInvariant): void {
  expect(r.messages).toBeGreaterThan(0);
  expect(r.missingVerdicts, 'delivered messages without a verdict').toBe(0);
  expect(r.duplicateVerdicts, 'messages with more than one verdict').toBe(0);
  expect(r.executedTwice, 'messages with more than one executed action').toBe(0);
  expect(r.vaultLosses, 'destructive actions without a sealed vault copy').toBe(0);
}

/** The line each fault test prints: `faults summary (<what>): runs 1, faults injected N (…), messages N, losses 0, …`. */
export function faultsSummary(what: string, injected: Record<string, number>, r: DeliveryInvariant, extra = ''): string {
  const total = Object.values(injected).reduce((a, b) => a + b, 0);
  const quarantined = [...r.actionOf.values()].filter((a) => a === 'quarantine').length;
  const otherMoves = r.destructive - quarantined;
  const detail = Object.entries(injected).map(([k, n]) => `${n} ${k}`).join(', ');
  return `faults summary (${what}): runs 1, faults injected ${total} (${detail}), messages ${r.messages}, losses ${r.losses}, quarantined ${quarantined}${otherMoves ? ` (+${otherMoves} junk, trash or purge)` : ''}, ${r.alreadyDone} actions found already done on retry${extra ? `, ${extra}` : ''}`;
}
