import type { AppConfig } from '../config/schema.ts';
import type { PipelineContext } from '../pipeline/context.ts';
import type { JobQueue } from '../pipeline/queue/types.ts';
import { alertDeliveries } from './deliveries-repo.ts';
import { alertHandler, alertJobId, type AlertJob, type AlertSettings, type AlertSink } from './alert-job.ts';
import { providerTransport, smtpTransport, type MailTransport } from './mail-transport.ts';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export type AlertConfig = Pick<AppConfig, 'ALERT_RECIPIENTS' | 'ALERT_VERDICTS' | 'ALERT_FROM' | 'ALERT_TRANSPORT' | 'SMTP_URL' | 'ALERT_WEBHOOK_URL' | 'ALERT_WEBHOOK_SECRET' | 'SYSLOG_TARGET' | 'DASHBOARD_URL' | 'PUBLIC_URL' | 'ALERT_DIGEST'>;

export function alertSettings(config: AlertConfig): AlertSettings {
  return {
    recipients: list(config.ALERT_RECIPIENTS),
    from: config.ALERT_FROM,
    dashboardUrl: config.DASHBOARD_URL ?? config.PUBLIC_URL,
    ...(config.ALERT_WEBHOOK_URL && config.ALERT_WEBHOOK_SECRET ? { webhook: { url: config.ALERT_WEBHOOK_URL, secret: config.ALERT_WEBHOOK_SECRET } } : {}),
    ...(config.SYSLOG_TARGET ? { syslogTarget: config.SYSLOG_TARGET } : {}),
  };
}

/**
 * Security-team alerts in a worker process: consumes the alerts queue (retries and dead letters as for every
 * pipeline queue) and, every `feedMs`, enqueues one job per sink for each detection of the configured verdicts
 * not yet delivered. Job ids are deterministic and deliveries are recorded, so several workers feeding at once
 * still alert once.
 */
export function startAlerts(ctx: Pick<PipelineContext, 'store' | 'providers' | 'logger'>, queue: JobQueue<AlertJob>, config: AlertConfig, options: { feedMs?: number; concurrency?: number } = {}): { tick(): Promise<number>; stop(): void } {
  const settings = alertSettings(config);
  const sinks: AlertSink[] = [...(settings.recipients.length ? (['email'] as const) : []), ...(settings.webhook ? (['webhook'] as const) : []), ...(settings.syslogTarget ? (['syslog'] as const) : [])];
  const kinds = list(config.ALERT_VERDICTS);
  const dlp = kinds.includes('dlp');
  const verdicts = kinds.filter((k) => k !== 'dlp');
  let smtp: (MailTransport & { close(): void }) | null = null;
  const mailFor = async (tenantId: string): Promise<MailTransport> => {
    if (config.ALERT_TRANSPORT === 'smtp') {
      if (!config.SMTP_URL) throw new Error('ALERT_TRANSPORT=smtp needs SMTP_URL');
      return (smtp ??= smtpTransport(config.SMTP_URL));
    }
    return providerTransport(await ctx.providers.get(tenantId));
  };
  queue.process(alertHandler({ store: ctx.store, settings, mailFor, logger: ctx.logger }), options.concurrency ?? 2);
  const deliveries = alertDeliveries(ctx.store.db);
  const startedAt = new Date(Date.now() - 24 * 3600_000).toISOString();
  const tick = async () => {
    let n = 0;
    for (const sink of sinks) {
      for (const p of await deliveries.pending(sink, verdicts, dlp, startedAt)) {
        const job: AlertJob = { sink, tenantId: p.tenantId, messageKey: p.messageKey };
        await queue.add(job, alertJobId(job));
        n += 1;
      }
    }
    // The daily digest of yesterday (UTC), once per tenant, from the first tick after midnight.
    if (settings.recipients.length && config.ALERT_DIGEST) {
      const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      for (const tenantId of await ctx.store.tenants.listIds()) {
        const job: AlertJob = { sink: 'digest', tenantId, messageKey: `digest:${day}:${tenantId}` };
        if (await deliveries.done(job.messageKey, 'digest')) continue;
        await queue.add(job, alertJobId(job));
        n += 1;
      }
    }
    return n;
  };
  const timer = sinks.length ? setInterval(() => void tick().catch((err) => ctx.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'alert feed failed')), options.feedMs ?? 5000) : null;
  timer?.unref();
  return {
    tick,
    stop() {
      if (timer) clearInterval(timer);
      smtp?.close();
    },
  };
}
