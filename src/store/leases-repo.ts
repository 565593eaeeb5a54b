import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/**
 * Named leases in the database: the scheduler's lock when there is no Redis. A lease is taken when absent or
 * expired, and only its holder may renew or release it, so two schedulers never run the same task at once.
 */
export function leasesRepo(db: Kysely<Database>, holder: string = randomUUID()) {
  return {
    holder,
    async acquire(name: string, ttlMs: number): Promise<boolean> {
      const now = new Date();
      const expires = new Date(now.getTime() + ttlMs).toISOString();
      // One conditional upsert: insert, or take over only when expired or already ours. Atomic on both databases.
      const res = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: expires })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expires_at: expires })
            .where((eb) => eb.or([eb('leases.expires_at', '<', now.toISOString()), eb('leases.holder', '=', holder)])),
        )
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async release(name: string): Promise<void> {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
