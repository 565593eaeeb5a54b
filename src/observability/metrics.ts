import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric the service exports on /metrics, on one registry per process (tests create their own). */
export interface Metrics {
  registry: Registry;
  queueDepth: Gauge<'queue' | 'state'>;
  scanSeconds: Histogram;
  stageSeconds: Histogram<'stage'>;
  verdicts: Counter<'verdict'>;
  actions: Counter<'action' | 'result'>;
  providerErrors: Counter<'provider' | 'code'>;
  jobFailures: Counter<'queue' | 'outcome'>;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry, prefix: 'mailwarden_' });
  const registers = [registry];
  return {
    registry,
    queueDepth: new Gauge({ name: 'mailwarden_queue_depth', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers }),
    scanSeconds: new Histogram({
      name: 'mailwarden_scan_seconds',
      help: 'Engine scan time per message',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    stageSeconds: new Histogram({
      name: 'mailwarden_stage_seconds',
      help: 'Time per pipeline stage (notify, fetch, scan, remediate)',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    verdicts: new Counter({ name: 'mailwarden_verdicts_total', help: 'Verdicts recorded by kind', labelNames: ['verdict'], registers }),
    actions: new Counter({ name: 'mailwarden_actions_total', help: 'Remediation actions by result', labelNames: ['action', 'result'], registers }),
    providerErrors: new Counter({ name: 'mailwarden_provider_errors_total', help: 'Provider errors by code', labelNames: ['provider', 'code'], registers }),
    jobFailures: new Counter({ name: 'mailwarden_job_failures_total', help: 'Failed job attempts by outcome', labelNames: ['queue', 'outcome'], registers }),
  };
}
