import { jobId } from '../core/ids.ts';
import type { Direction, ProviderId } from '../core/provider.ts';
import type { PolicyAction } from '../policy/decide.ts';
import type { NotificationJob } from './ports.ts';

export type { NotificationJob };

export interface ScanJob {
  provider: ProviderId;
  tenantId: string;
  mailboxId: string;
  messageId: string;
  direction: Direction;
  messageKey: string;
  /** Epoch ms when the notification was received, for end-to-end latency. */
  receivedAt: number;
}

export interface RemediateJob {
  provider: ProviderId;
  tenantId: string;
  mailboxId: string;
  messageId: string;
  messageKey: string;
  /**
   * What policy decided; `hold_release`: let clean (or only tagged) mail out of the inline hold; `release`: an
   * admin puts a quarantined message back (pipeline/release.ts, vault copy restored when the provider lost it).
   */
  action: Exclude<PolicyAction, 'none'> | 'hold_release' | 'release';
  tag?: string;
  /** Who asked: `policy`, `admin:<email>`. */
  actor: string;
  reason: string;
  receivedAt: number;
}

export type MaintenanceTask = 'renew-subscriptions' | 'catch-up' | 'vault-purge';

export interface MaintenanceJob {
  task: MaintenanceTask;
  /** The scheduler tick this job belongs to; with the task it makes the job id. */
  slot: number;
}

/** Every deterministic id of the pipeline, in one place. */
export const ids = {
  message: (provider: ProviderId, tenantId: string, mailboxId: string, messageId: string) => jobId('msg', provider, tenantId, mailboxId, messageId),
  notification: (job: NotificationJob, dedupeKey: string) => jobId('notify', job.provider, job.tenantId, job.mailboxId, dedupeKey),
  scan: (messageKey: string) => jobId('scan', messageKey),
  remediate: (messageKey: string, action: string) => jobId('remediate', messageKey, action),
  maintenance: (task: MaintenanceTask, slot: number) => jobId('maintenance', task, slot),
};
