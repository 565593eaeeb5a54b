import type { Detector } from '../../engine/detector.ts';
import type { Logger } from '../../observability/logger.ts';
import type { RemediateJob } from '../../pipeline/jobs.ts';
import type { JobQueue } from '../../pipeline/queue/types.ts';
import type { Store } from '../../store/store.ts';

/** What the admin API needs from the service. */
export interface AdminDeps {
  store: Store;
  /** Releases and deletions go through the pipeline's remediate queue (retries, dead letters, vault, audit). */
  remediate: Pick<JobQueue<RemediateJob>, 'add' | 'replay'>;
  /** The engine's detectors and rule tables, for the rule-pack listing. */
  detectors: readonly Detector[];
  logger: Logger;
  /** How often the live feed looks for new verdicts (ms). */
  eventsPollMs?: number;
}
