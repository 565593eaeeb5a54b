import { isAppError } from '../core/errors.ts';
import { dlpIncidentsRepo, type DlpIncidentAction } from '../store/dlp-incidents-repo.ts';
import { alertDeliveries } from './deliveries-repo.ts';
import type { AlertDeps, AlertJob } from './alert-job.ts';
import { incidentLink, renderDlpAlert, renderDlpSenderNotice, type DlpIncidentContent } from './render-dlp-incident.ts';

/**
 * The alerts-queue handler of the two DLP incident mails: `dlp-alert` to the security team, `dlp-notice` to the
 * sender. Each is delivered once (alert_deliveries), then recorded on the incident and audited. A permanent
 * failure is recorded as failed before the error goes back to the queue (which dead-letters it).
 */
export async function deliverDlpIncidentMail(deps: AlertDeps, j: AlertJob & { sink: 'dlp-alert' | 'dlp-notice' }): Promise<void> {
  const repo = dlpIncidentsRepo(deps.store.db);
  const incident = await repo.forMessage(j.messageKey);
  if (!incident || incident.tenantId !== j.tenantId) return;
  const action: DlpIncidentAction = j.sink === 'dlp-alert' ? 'alert' : 'notifySender';
  const to = action === 'alert' ? deps.settings.recipients : [incident.sender];
  if (to.length === 0) {
    await repo.recordAction(incident.id, j.tenantId, action, 'skipped', 'no ALERT_RECIPIENTS configured');
    await deps.store.actions.audit({ tenantId: j.tenantId, actor: 'dlp', action: 'dlp-alert-skipped', target: j.messageKey, reason: 'no ALERT_RECIPIENTS configured', detail: { incidentId: incident.id } });
    return;
  }
  const tenant = await deps.store.db.selectFrom('tenants').select('name').where('id', '=', j.tenantId).executeTakeFirst();
  const planned = new Set(incident.actions.map((a) => a.action));
  const content: DlpIncidentContent = {
    incident,
    tenantName: tenant?.name ?? j.tenantId,
    dashboardUrl: incidentLink(deps.settings.dashboardUrl, j.tenantId, incident.id),
    removesSentCopy: incident.actions.some((a) => a.action === 'removeSentCopy' && a.status !== 'monitor'),
    alertsSecurityTeam: planned.has('alert'),
  };
  // The security team gets the HTML alert; the sender a plain-text notice.
  const mail: { subject: string; text: string; html?: string } = action === 'alert' ? renderDlpAlert(content) : renderDlpSenderNotice(content);
  try {
    await (await deps.mailFor(j.tenantId)).send({ from: deps.settings.from, to, ...mail });
  } catch (err) {
    if (isAppError(err) && !err.retryable) await repo.recordAction(incident.id, j.tenantId, action, 'failed', err.code);
    throw err;
  }
  await alertDeliveries(deps.store.db).record(j.messageKey, j.tenantId, j.sink);
  await repo.recordAction(incident.id, j.tenantId, action, 'done', `sent to ${to.length} address${to.length === 1 ? '' : 'es'}`);
  await deps.store.actions.audit({ tenantId: j.tenantId, actor: 'dlp', action: action === 'alert' ? 'dlp-alert' : 'dlp-notify-sender', target: j.messageKey, reason: `DLP incident ${incident.id}`, detail: { incidentId: incident.id, to } });
  deps.logger.info({ sink: j.sink, tenantId: j.tenantId, messageKey: j.messageKey, incidentId: incident.id }, 'dlp incident mail delivered');
}
