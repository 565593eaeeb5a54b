import type { Store } from '../store/store.ts';
import type { Queues } from './queues.ts';
import type { DeadLetterSink, QueueName } from './queue/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

/** Records a given-up job in the store, where it is visible (and replayable with `replayDeadLetter`). */
export function deadLetterSink(store: Store, logger: Logger, metrics: Metrics): DeadLetterSink {
  return async (queue, jobId, data, decision, attempts) => {
    metrics.jobFailures.inc({ queue, outcome: 'dead' });
    logger.warn({ queue, jobId, code: decision.code, attempts }, 'job dead-lettered');
    await store.deadLetters.add({ queue, jobId, payload: data, errorCode: decision.code, error: decision.reason, attempts });
  };
}

/** Puts a dead letter back on its queue with the same job id. */
export async function replayDeadLetter(store: Store, queues: Queues, queue: QueueName, jobId: string): Promise<boolean> {
  const dead = await store.deadLetters.get(queue, jobId);
  if (!dead) return false;
  await queues.byName(queue).replay(jobId, dead.payload);
  await store.deadLetters.markReplayed(queue, jobId);
  return true;
}
