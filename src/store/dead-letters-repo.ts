import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

export interface DeadLetter {
  queue: string;
  jobId: string;
  payload: unknown;
  errorCode: string;
  error: string;
  attempts: number;
  failedAt: Date;
  replayedAt: Date | null;
}

/** Jobs that ran out of attempts or failed for good: visible here, replayable through the queues. */
export function deadLettersRepo(db: Kysely<Database>) {
  const decode = (r: Database['dead_letters']): DeadLetter => ({
    queue: r.queue,
    jobId: r.job_id,
    payload: JSON.parse(r.payload),
    errorCode: r.error_code,
    error: r.error,
    attempts: r.attempts,
    failedAt: new Date(r.failed_at),
    replayedAt: r.replayed_at ? new Date(r.replayed_at) : null,
  });
  return {
    async add(d: { queue: string; jobId: string; payload: unknown; errorCode: string; error: string; attempts: number }): Promise<void> {
      const row = { queue: d.queue, job_id: d.jobId, payload: JSON.stringify(d.payload), error_code: d.errorCode, error: d.error.slice(0, 1000), attempts: d.attempts, failed_at: new Date().toISOString(), replayed_at: null };
      await db
        .insertInto('dead_letters')
        .values(row)
        .onConflict((oc) => oc.columns(['queue', 'job_id']).doUpdateSet({ payload: row.payload, error_code: row.error_code, error: row.error, attempts: row.attempts, failed_at: row.failed_at, replayed_at: null }))
        .execute();
    },
    async list(options: { pendingOnly?: boolean; limit?: number } = {}): Promise<DeadLetter[]> {
      let q = db.selectFrom('dead_letters').selectAll();
      if (options.pendingOnly) q = q.where('replayed_at', 'is', null);
      return (await q.orderBy('failed_at').limit(options.limit ?? 1000).execute()).map(decode);
    },
    async get(queue: string, jobId: string): Promise<DeadLetter | null> {
      const r = await db.selectFrom('dead_letters').selectAll().where('queue', '=', queue).where('job_id', '=', jobId).executeTakeFirst();
      return r ? decode(r) : null;
    },
    async markReplayed(queue: string, jobId: string): Promise<void> {
      await db.updateTable('dead_letters').set({ replayed_at: new Date().toISOString() }).where('queue', '=', queue).where('job_id', '=', jobId).execute();
    },
  };
}
