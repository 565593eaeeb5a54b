import { z } from 'zod';
import { DLP_INCIDENT_ACTIONS, DLP_INCIDENT_STATUSES, dlpIncidentsRepo } from '../../store/dlp-incidents-repo.ts';
import { actorOf } from '../auth/principal.ts';
import { route } from './route.ts';
import { Paging, TenantParams } from './schemas.ts';

const isoTime = z.iso.datetime({ offset: true });
const Status = z.enum(DLP_INCIDENT_STATUSES);
const statusCsv = z.string().max(100).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(Status));

const IncidentParams = TenantParams.extend({ incidentId: z.string().regex(/^dlp_[0-9a-f]{32}$/, 'an incident id (dlp_…)') });

const IncidentQuery = Paging.extend({
  status: statusCsv.optional().describe('Comma-separated statuses (open, acknowledged, resolved); default: all.'),
  rule: z.string().regex(/^[A-Za-z0-9_.:-]{1,120}$/).optional().describe('A DLP rule id, e.g. DLP_PAYMENT_CARD.'),
  sender: z.string().max(320).regex(/^[^\s%|]+$/).optional().describe('Sender address, or a domain (also matches its subdomains).'),
  since: isoTime.optional(),
  until: isoTime.optional(),
});

const Incident = z.object({
  id: z.string(),
  messageKey: z.string(),
  provider: z.string(),
  mailboxId: z.string(),
  mailboxAddress: z.string().nullable(),
  messageId: z.string(),
  sender: z.string(),
  recipients: z.array(z.string()),
  subject: z.string(),
  rules: z.array(z.object({ rule: z.string(), description: z.string(), count: z.number(), evidence: z.array(z.string()).describe('Masked: the matched value is never stored.') })),
  matchCount: z.number(),
  status: Status,
  statusBy: z.string().nullable(),
  statusAt: z.string().nullable(),
  statusNote: z.string().nullable(),
  detectedAt: z.string(),
  actions: z.array(z.object({ action: z.enum(DLP_INCIDENT_ACTIONS), status: z.string(), detail: z.string().nullable(), at: z.string() })),
});
const IncidentPage = z.object({ items: z.array(Incident), nextCursor: z.string().nullable() });
const IncidentDetail = Incident.extend({ audit: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), reason: z.string() })) });
const StatusBody = z.object({ status: Status, note: z.string().trim().min(1).max(500).optional() }).strict();

/** The action name of a triage change in the audit log. */
export const DLP_STATUS_AUDIT_ACTION = 'dlp-incident-status';

/** Outbound DLP incidents (migration 0006): list with filters, one incident with its audit trail, triage. */
export const dlpIncidentRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/dlp-incidents', tag: 'dlp', minRole: 'viewer',
    summary: 'Outbound DLP incidents, newest first: what left (masked), to whom, which rules, the actions taken; filter by status, rule, sender, time',
    params: TenantParams, query: IncidentQuery, response: IncidentPage,
    handler: ({ deps, tenantId, query }) =>
      dlpIncidentsRepo(deps.store.db).list(tenantId, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.status?.length ? { status: query.status } : {}),
        ...(query.rule ? { rule: query.rule } : {}),
        ...(query.sender ? { sender: query.sender } : {}),
        ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
        ...(query.until ? { until: new Date(query.until).toISOString() } : {}),
      }),
  }),
  route({
    method: 'get', path: '/tenants/:tenantId/dlp-incidents/:incidentId', tag: 'dlp', minRole: 'viewer',
    summary: 'One DLP incident with its audit trail (opening, actions, triage)',
    params: IncidentParams, response: IncidentDetail,
    async handler({ deps, tenantId, params }) {
      const incident = await dlpIncidentsRepo(deps.store.db).get(tenantId, params.incidentId);
      if (!incident) return null;
      const audit = await deps.store.db.selectFrom('audit_log').select(['at', 'actor', 'action', 'reason']).where('tenant_id', '=', tenantId).where('target', '=', incident.messageKey).orderBy('at').execute();
      return { ...incident, audit };
    },
  }),
  route({
    method: 'patch', path: '/tenants/:tenantId/dlp-incidents/:incidentId', tag: 'dlp', minRole: 'analyst',
    summary: 'Triage: set the status (open, acknowledged, resolved) with an optional note; audited',
    params: IncidentParams, body: StatusBody, response: Incident,
    async handler({ deps, tenantId, params, body, principal }) {
      const actor = actorOf(principal);
      const changed = await dlpIncidentsRepo(deps.store.db).setStatus(tenantId, params.incidentId, body.status, actor, body.note ?? null);
      if (!changed) return null;
      await deps.store.actions.audit({
        tenantId, actor, action: DLP_STATUS_AUDIT_ACTION, target: changed.incident.messageKey,
        reason: body.note ?? `${changed.before} → ${body.status}`, detail: { incidentId: params.incidentId, before: changed.before, after: body.status },
      });
      return changed.incident;
    },
  }),
];
