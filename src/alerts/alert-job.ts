import { jobId } from '../core/ids.ts';
import type { Verdict } from '../core/verdict.ts';
import { DEFAULT_LIMITS } from '../engine/limits.ts';
import { parseMessage } from '../engine/parse/parse-message.ts';
import type { Logger } from '../observability/logger.ts';
import type { Decision } from '../policy/decide.ts';
import type { Store } from '../store/store.ts';
import { detectionsRepo } from '../store/detections-repo.ts';
import { alertDeliveries } from './deliveries-repo.ts';
import { messageFacts, messageLink, type AlertContent } from './alert-content.ts';
import { formatCef, sendSyslog, syslogLine } from './cef.ts';
import { digestContent } from './digest-content.ts';
import { deliverDlpIncidentMail } from './dlp-incident-mail.ts';
import { renderDigest } from './render-digest.ts';
import type { MailTransport } from './mail-transport.ts';
import { renderAlert } from './render-alert.ts';
import { postWebhook } from './webhook.ts';

/**
 * digest: the daily summary email of one tenant (messageKey `digest:<YYYY-MM-DD>:<tenant>`); dlp-alert and
 * dlp-notice: a DLP incident's email to the security team and to its sender (src/alerts/dlp-incident-mail.ts).
 */
export type AlertSink = 'email' | 'webhook' | 'syslog' | 'digest' | 'dlp-alert' | 'dlp-notice';

/** One delivery of one detection to one sink: separate jobs, so a failing webhook never re-sends an email. */
export interface AlertJob {
  sink: AlertSink;
  tenantId: string;
  messageKey: string;
}

export const alertJobId = (j: AlertJob) => jobId('alert', j.sink, j.messageKey);

export interface AlertSettings {
  recipients: string[];
  from: string;
  dashboardUrl: string;
  webhook?: { url: string; secret: string };
  syslogTarget?: string;
}

export interface AlertDeps {
  store: Store;
  settings: AlertSettings;
  /** The mail transport for a tenant: its provider's sendMail, or the SMTP relay. */
  mailFor(tenantId: string): Promise<MailTransport>;
  logger: Logger;
}

/** Loads what an alert says about a stored detection (message facts re-parsed from the vault copy if kept). */
export async function alertContent(store: Store, tenantId: string, messageKey: string, dashboardUrl: string): Promise<AlertContent | null> {
  const d = await detectionsRepo(store.db).one(tenantId, messageKey);
  if (!d) return null;
  const tenant = await store.db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  const raw = await store.vault.open(messageKey).catch(() => null);
  const model = raw ? await parseMessage(raw, { limits: DEFAULT_LIMITS, orgDomains: [], externalId: null }) : null;
  const verdict: Verdict = { verdict: d.verdict as Verdict['verdict'], score: d.score, categories: d.categories, findings: d.findings, failures: [] };
  return {
    tenantId, tenantName: tenant?.name ?? tenantId, mailbox: d.mailboxAddress ?? d.mailboxId, messageKey, receivedAt: d.firstSeenAt,
    verdict, decision: d.decision as Decision, actions: d.actions.map((a) => ({ action: a.action, status: a.status })),
    message: model ? messageFacts(model) : null, dashboardUrl: messageLink(dashboardUrl, tenantId, messageKey),
  };
}

/** The payload of webhooks and the fields of CEF lines: facts and ids, never message bodies or live links. */
export function detectionEvent(c: AlertContent) {
  return {
    type: 'detection',
    tenantId: c.tenantId,
    messageKey: c.messageKey,
    mailbox: c.mailbox,
    verdict: c.verdict.verdict,
    score: c.verdict.score,
    categories: c.verdict.categories,
    rules: c.verdict.findings.map((f) => f.rule),
    action: c.decision.action,
    mode: c.decision.mode,
    sender: c.message?.from ?? null,
    subject: c.message?.subject ?? null,
    receivedAt: c.receivedAt,
    dashboardUrl: c.dashboardUrl,
  };
}

const SEVERITY: Record<string, number> = { malware: 9, phishing: 8, bec: 8, suspicious: 5, spam: 3, clean: 1 };

/** The alerts queue handler: idempotent (a delivery recorded once is never repeated), throws to retry. */
export function alertHandler(deps: AlertDeps) {
  const deliveries = alertDeliveries(deps.store.db);
  return async (job: { data: AlertJob }): Promise<void> => {
    const j = job.data;
    if (await deliveries.done(j.messageKey, j.sink)) return;
    if (j.sink === 'dlp-alert' || j.sink === 'dlp-notice') return deliverDlpIncidentMail(deps, { ...j, sink: j.sink });
    if (j.sink === 'digest') {
      const mail = renderDigest(await digestContent(deps.store, j.tenantId, j.messageKey.split(':')[1] ?? '', deps.settings.dashboardUrl));
      await (await deps.mailFor(j.tenantId)).send({ from: deps.settings.from, to: deps.settings.recipients, subject: mail.subject, text: mail.text, html: mail.html });
      await deliveries.record(j.messageKey, j.tenantId, j.sink);
      return;
    }
    const c = await alertContent(deps.store, j.tenantId, j.messageKey, deps.settings.dashboardUrl);
    if (!c) return;
    if (j.sink === 'email') {
      const mail = renderAlert(c);
      await (await deps.mailFor(j.tenantId)).send({ from: deps.settings.from, to: deps.settings.recipients, subject: mail.subject, text: mail.text, html: mail.html });
    } else if (j.sink === 'webhook' && deps.settings.webhook) {
      await postWebhook(deps.settings.webhook.url, deps.settings.webhook.secret, detectionEvent(c), { deliveryId: alertJobId(j) });
    } else if (j.sink === 'syslog' && deps.settings.syslogTarget) {
      const e = detectionEvent(c);
      const severity = SEVERITY[e.verdict] ?? 5;
      const cef = formatCef({
        signatureId: `verdict:${e.verdict}`, name: `${e.verdict} email detected`, severity,
        extensions: { rt: Date.parse(e.receivedAt), duser: e.mailbox, suser: e.sender ?? '', act: e.action, cs1Label: 'tenant', cs1: e.tenantId, cs2Label: 'rules', cs2: e.rules.slice(0, 20).join(','), cs3Label: 'messageKey', cs3: e.messageKey, cn1Label: 'score', cn1: Math.round(e.score * 10) / 10 },
      });
      await sendSyslog(deps.settings.syslogTarget, syslogLine(cef, severity));
    } else return;
    await deliveries.record(j.messageKey, j.tenantId, j.sink);
    deps.logger.info({ sink: j.sink, tenantId: j.tenantId, messageKey: j.messageKey }, 'alert delivered');
  };
}
