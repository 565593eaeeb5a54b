/**
 * `mailwarden demo`: the whole loop on one machine — emulated Microsoft 365 and Google Workspace tenants,
 * onboarding through the real flows, a steady stream of generated mail, verdicts, quarantine, the dashboard.
 * Everything listens on loopback and every SDK endpoint points at the emulators.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { createLogger } from '../observability/logger.ts';
import { testTls } from '../../test/emulators/tls/test-ca.ts';
import { startDemoService, type DemoService } from './demo-service.ts';
import { startEmulatedGoogle, startEmulatedM365 } from './emulated-tenants.ts';
import { enforce, onboardGoogle, onboardM365 } from './onboard.ts';
import { DemoTally, formatTally } from './tally.ts';
import { startSmtpSink, type ReceivedMail } from './smtp-sink.ts';
import { deliverNext } from './traffic.ts';

export const DEMO_USER = { email: 'demo@mailwarden.demo', password: 'mailwarden-demo-password' };
/** The security team's address: alert emails go there, through the demo's loopback SMTP receiver. */
export const DEMO_SOC = 'soc@contoso.example';

export interface DemoOptions {
  /** Dashboard port (0 = any free port). */
  port: number;
  /** Messages per second of the mail stream. */
  rate: number;
  m365Users: number;
  googleUsers: number;
  /** Stop after this many messages (unset = until stopped). */
  maxMessages?: number;
  /** Where progress lines go. */
  print(line: string): void;
  /** Log level of the service itself (its logs go to stderr). */
  logLevel?: 'silent' | 'error' | 'info';
}

export interface RunningDemo {
  service: DemoService;
  tally: DemoTally;
  /** Store ids of the onboarded tenants. */
  tenantIds: { m365: string; google: string };
  /** Alert emails the security team received. */
  alerts: ReceivedMail[];
  /** Resolves when the stream has delivered maxMessages (never, without it). */
  streamDone: Promise<void>;
  stop(): Promise<void>;
}

export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mailwarden-demo-'));
  const tls = testTls();
  const secret = `demo-app-secret-${Math.random().toString(36).slice(2)}`;
  // The consent redirect URI must be registered before the port is known, so the app registration follows the listener.
  const google = await startEmulatedGoogle(o.googleUsers);
  const m365Holder = await startEmulatedM365(o.m365Users, 'https://localhost/pending', secret);
  const smtp = await startSmtpSink();
  const config = loadConfig({
    DATA_DIR: dataDir, PORT: String(o.port), HOST: '127.0.0.1', LOG_LEVEL: o.logLevel ?? 'error', NODE_ENV: 'development',
    DEV_INGEST: 'false', SCHEDULER_INTERVAL_MS: '60000', JOB_BACKOFF_MS: '200',
    ADMIN_BOOTSTRAP_EMAIL: DEMO_USER.email, ADMIN_BOOTSTRAP_PASSWORD: DEMO_USER.password,
    ALERT_RECIPIENTS: DEMO_SOC, ALERT_TRANSPORT: 'smtp', SMTP_URL: smtp.url, ALERT_FROM: 'MailWarden demo <alerts@mailwarden.demo>',
    ...(o.port > 0 ? { PUBLIC_URL: `http://localhost:${o.port}` } : {}),
  });
  const logger = createLogger({ level: config.LOG_LEVEL });
  const service = await startDemoService({ config, logger, tls, m365: m365Holder, google });
  m365Holder.app.redirectUris.splice(0, m365Holder.app.redirectUris.length, `${service.secureUrl}/onboard/m365/callback`);
  const closeAll = async () => {
    await service.close();
    await Promise.all([m365Holder.emu.close(), google.emu.close(), smtp.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let tally: DemoTally;
  try {
    o.print(`MailWarden demo — service on ${service.dashboardUrl} (webhooks on ${service.secureUrl}), data in ${dataDir}`);
    const m365Report = await onboardM365(service.secureUrl, m365Holder);
    o.print(`Microsoft 365 tenant ${m365Holder.tenant.domain}: admin consent granted, ${m365Report.mailboxes.subscribed}/${m365Report.mailboxes.total} mailboxes subscribed`);
    const googleReport = await onboardGoogle(service.dashboardUrl, google);
    o.print(`Google Workspace domain ${google.people[0]!.address.split('@')[1]}: installed, ${googleReport.mailboxes.watched}/${googleReport.mailboxes.total} mailboxes watched`);
    await enforce(service.runtime.store, [m365Report.tenantId, googleReport.tenantId]);
    o.print(`Dashboard: ${service.dashboardUrl}/   sign in as ${DEMO_USER.email} / ${DEMO_USER.password}`);
    o.print(`Alert emails for ${DEMO_SOC} go to the demo's SMTP receiver (${smtp.url}).`);
    tally = new DemoTally(service.runtime.store);
    const targets = { m365: m365Holder, m365TenantId: m365Report.tenantId, google, googleTenantId: googleReport.tenantId };
    let stopped = false;
    let n = 0;
    let finish: () => void = () => {};
    const streamDone = new Promise<void>((r) => (finish = r));
    const tick = setInterval(() => {
      if (stopped) return;
      if (o.maxMessages !== undefined && n >= o.maxMessages) {
        finish();
        return;
      }
      const i = n++;
      deliverNext(i, targets).then((d) => tally.add(d), (err: unknown) => o.print(`could not deliver message ${i}: ${err instanceof Error ? err.message : String(err)}`));
    }, Math.max(10, Math.round(1000 / o.rate)));
    let last = '';
    const progress = setInterval(() => {
      void tally.refresh().then(() => {
        const line = `${formatTally(tally.summary())} · alert emails ${smtp.received.length}`;
        if (line !== last) o.print(line); // quiet once nothing changes (after --messages)
        last = line;
      }, () => {});
    }, 2000);
    return {
      service, tally, streamDone, alerts: smtp.received, tenantIds: { m365: m365Report.tenantId, google: googleReport.tenantId },
      async stop() {
        stopped = true;
        clearInterval(tick);
        clearInterval(progress);
        finish();
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
