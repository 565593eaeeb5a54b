import type { Kysely } from 'kysely';
import { jobId } from '../core/ids.ts';
import type { Database } from './tables.ts';

export const DLP_INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type DlpIncidentStatus = (typeof DLP_INCIDENT_STATUSES)[number];

/** What a tenant's policy may do about an incident (policy `dlp.incidentActions`). */
export const DLP_INCIDENT_ACTIONS = ['alert', 'notifySender', 'removeSentCopy'] as const;
export type DlpIncidentAction = (typeof DLP_INCIDENT_ACTIONS)[number];

/** queued → done (or noop: already so); skipped (cannot be done, e.g. no recipients); monitor (mode monitor). */
export type DlpActionStatus = 'queued' | 'done' | 'noop' | 'skipped' | 'monitor' | 'failed';

/** One DLP rule that matched: masked evidence lines (`2× visa card in body: ************1111`), never a value. */
export interface DlpRuleMatch {
  rule: string;
  description: string;
  count: number;
  evidence: string[];
}

export interface NewDlpIncident {
  tenantId: string;
  messageKey: string;
  provider: string;
  mailboxId: string;
  mailboxAddress: string | null;
  messageId: string;
  sender: string;
  recipients: string[];
  subject: string;
  rules: DlpRuleMatch[];
}

export interface DlpIncident extends NewDlpIncident {
  id: string;
  matchCount: number;
  status: DlpIncidentStatus;
  statusBy: string | null;
  statusAt: string | null;
  statusNote: string | null;
  detectedAt: string;
  actions: { action: DlpIncidentAction; status: DlpActionStatus; detail: string | null; at: string }[];
}

export interface DlpIncidentFilter {
  status?: DlpIncidentStatus[];
  rule?: string;
  /** Sender address, or a domain (matches the domain and its subdomains). */
  sender?: string;
  since?: string;
  until?: string;
  limit: number;
  /** `detected_at|id` of the last row of the previous page. */
  cursor?: string;
}

interface DlpIncidentsTable {
  id: string;
  tenant_id: string;
  message_key: string;
  provider: string;
  mailbox_id: string;
  mailbox_address: string | null;
  message_id: string;
  sender: string;
  recipients: string;
  subject: string;
  rules: string;
  rule_ids: string;
  match_count: number;
  status: string;
  status_by: string | null;
  status_at: string | null;
  status_note: string | null;
  detected_at: string;
}

interface DlpIncidentActionsTable {
  incident_id: string;
  tenant_id: string;
  action: string;
  status: string;
  detail: string | null;
  updated_at: string;
}

/** The service tables plus migration 0006's, for queries elsewhere that join incidents. */
export type DlpIncidentsDatabase = Database & { dlp_incidents: DlpIncidentsTable; dlp_incident_actions: DlpIncidentActionsTable };
type Db = DlpIncidentsDatabase;
type Row = DlpIncidentsTable;

/** One incident per message, whatever replays the scan. */
export const dlpIncidentId = (messageKey: string) => `dlp_${jobId('dlp-incident', messageKey).slice(0, 32)}`;

/** The remediate worker records a sent-copy removal as a `purge` action of the message (actions table). */
const PURGE_STATUS: Record<string, DlpActionStatus> = { done: 'done', noop: 'noop', failed: 'failed', monitor: 'monitor' };

/** DLP incidents (migration 0006): written by the pipeline, read and triaged through the admin API. */
export function dlpIncidentsRepo(base: Kysely<Database>) {
  const db = base as unknown as Kysely<Db>;

  async function actionsOf(rows: Row[]): Promise<Map<string, DlpIncident['actions']>> {
    const out = new Map<string, DlpIncident['actions']>();
    if (rows.length === 0) return out;
    const own = await db.selectFrom('dlp_incident_actions').selectAll().where('incident_id', 'in', rows.map((r) => r.id)).orderBy('updated_at').execute();
    const purges = await db.selectFrom('actions').select(['message_key', 'status', 'detail', 'created_at']).where('message_key', 'in', rows.map((r) => r.message_key)).where('action', '=', 'purge').execute();
    const purgeOf = new Map(purges.map((p) => [p.message_key, p]));
    const keyOf = new Map(rows.map((r) => [r.id, r.message_key]));
    for (const a of own) {
      let entry = { action: a.action as DlpIncidentAction, status: a.status as DlpActionStatus, detail: a.detail, at: a.updated_at };
      const purge = a.action === 'removeSentCopy' && a.status === 'queued' ? purgeOf.get(keyOf.get(a.incident_id) ?? '') : undefined;
      if (purge && PURGE_STATUS[purge.status]) entry = { ...entry, status: PURGE_STATUS[purge.status]!, detail: purge.detail, at: purge.created_at };
      out.set(a.incident_id, [...(out.get(a.incident_id) ?? []), entry]);
    }
    return out;
  }

  const toIncident = (r: Row, actions: DlpIncident['actions']): DlpIncident => ({
    id: r.id,
    tenantId: r.tenant_id,
    messageKey: r.message_key,
    provider: r.provider,
    mailboxId: r.mailbox_id,
    mailboxAddress: r.mailbox_address,
    messageId: r.message_id,
    sender: r.sender,
    recipients: JSON.parse(r.recipients) as string[],
    subject: r.subject,
    rules: JSON.parse(r.rules) as DlpRuleMatch[],
    matchCount: Number(r.match_count),
    status: r.status as DlpIncidentStatus,
    statusBy: r.status_by,
    statusAt: r.status_at,
    statusNote: r.status_note,
    detectedAt: r.detected_at,
    actions,
  });

  const withActions = async (rows: Row[]) => {
    const acts = await actionsOf(rows);
    return rows.map((r) => toIncident(r, acts.get(r.id) ?? []));
  };

  async function get(tenantId: string, id: string): Promise<DlpIncident | null> {
    const r = await db.selectFrom('dlp_incidents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return r ? ((await withActions([r]))[0] ?? null) : null;
  }

  return {
    /** Opens the incident of a message once; `created` is false when it already existed (a replayed scan). */
    async open(i: NewDlpIncident): Promise<{ id: string; created: boolean }> {
      const id = dlpIncidentId(i.messageKey);
      const res = await db
        .insertInto('dlp_incidents')
        .values({
          id,
          tenant_id: i.tenantId,
          message_key: i.messageKey,
          provider: i.provider,
          mailbox_id: i.mailboxId,
          mailbox_address: i.mailboxAddress,
          message_id: i.messageId,
          sender: i.sender.toLowerCase().slice(0, 320),
          recipients: JSON.stringify(i.recipients.slice(0, 500).map((x) => x.toLowerCase().slice(0, 320))),
          subject: i.subject.slice(0, 300),
          rules: JSON.stringify(i.rules),
          rule_ids: `|${[...new Set(i.rules.map((r) => r.rule))].join('|')}|`,
          match_count: i.rules.reduce((n, r) => n + r.count, 0),
          status: 'open',
          status_by: null,
          status_at: null,
          status_note: null,
          detected_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('message_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      // Nothing returned: the message already had its incident (a conflict inserts nothing on both dialects).
      return { id, created: res !== undefined };
    },

    get,

    async forMessage(messageKey: string): Promise<DlpIncident | null> {
      const r = await db.selectFrom('dlp_incidents').selectAll().where('message_key', '=', messageKey).executeTakeFirst();
      return r ? ((await withActions([r]))[0] ?? null) : null;
    },

    /** One tenant's incidents, newest first, cursor paged. */
    async list(tenantId: string, f: DlpIncidentFilter): Promise<{ items: DlpIncident[]; nextCursor: string | null }> {
      let q = db.selectFrom('dlp_incidents').selectAll().where('tenant_id', '=', tenantId);
      if (f.status?.length) q = q.where('status', 'in', f.status);
      if (f.rule) q = q.where('rule_ids', 'like', `%|${f.rule}|%`);
      if (f.sender) {
        const s = f.sender.toLowerCase();
        q = s.includes('@') ? q.where('sender', '=', s) : q.where((eb) => eb.or([eb('sender', 'like', `%@${s}`), eb('sender', 'like', `%.${s}`)]));
      }
      if (f.since) q = q.where('detected_at', '>=', f.since);
      if (f.until) q = q.where('detected_at', '<', f.until);
      if (f.cursor) {
        const [at = '', id = ''] = f.cursor.split('|');
        q = q.where((eb) => eb.or([eb('detected_at', '<', at), eb.and([eb('detected_at', '=', at), eb('id', '<', id)])]));
      }
      const rows = await q.orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
      const page = rows.slice(0, f.limit);
      const last = page.at(-1);
      return { items: await withActions(page), nextCursor: rows.length > f.limit && last ? `${last.detected_at}|${last.id}` : null };
    },

    /** An analyst's triage. Null when the incident is not this tenant's. */
    async setStatus(tenantId: string, id: string, status: DlpIncidentStatus, by: string, note: string | null): Promise<{ before: DlpIncidentStatus; incident: DlpIncident } | null> {
      const current = await db.selectFrom('dlp_incidents').select('status').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!current) return null;
      await db.updateTable('dlp_incidents').set({ status, status_by: by, status_at: new Date().toISOString(), status_note: note }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      const incident = await get(tenantId, id);
      return incident ? { before: current.status as DlpIncidentStatus, incident } : null;
    },

    /** The state of one action of an incident: one row per (incident, action), later states overwrite. */
    async recordAction(incidentId: string, tenantId: string, action: DlpIncidentAction, status: DlpActionStatus, detail: string | null = null): Promise<void> {
      const row = { incident_id: incidentId, tenant_id: tenantId, action, status, detail, updated_at: new Date().toISOString() };
      await db
        .insertInto('dlp_incident_actions')
        .values(row)
        .onConflict((oc) => oc.columns(['incident_id', 'action']).doUpdateSet({ status: row.status, detail: row.detail, updated_at: row.updated_at }))
        .execute();
    },

    /**
     * Actions still `queued` (a sent-copy removal whose purge is recorded is not): what an in-process queue lost
     * when the service stopped. Oldest first.
     */
    async queuedActions(limit = 500): Promise<{ incident: DlpIncident; action: DlpIncidentAction }[]> {
      const rows = await db
        .selectFrom('dlp_incident_actions')
        .innerJoin('dlp_incidents', 'dlp_incidents.id', 'dlp_incident_actions.incident_id')
        .selectAll('dlp_incidents')
        .select('dlp_incident_actions.action')
        .where('dlp_incident_actions.status', '=', 'queued')
        .orderBy('dlp_incident_actions.updated_at')
        .limit(limit)
        .execute();
      const incidents = new Map((await withActions(rows)).map((i) => [i.id, i]));
      return rows
        .map((r) => ({ incident: incidents.get(r.id)!, action: r.action as DlpIncidentAction }))
        .filter((x) => x.incident.actions.find((a) => a.action === x.action)?.status === 'queued');
    },

    /** Open incidents per status, for the dashboard's counters. */
    async countByStatus(tenantId: string): Promise<Record<DlpIncidentStatus, number>> {
      const rows = await db.selectFrom('dlp_incidents').select(['status', (eb) => eb.fn.countAll().as('n')]).where('tenant_id', '=', tenantId).groupBy('status').execute();
      const out = { open: 0, acknowledged: 0, resolved: 0 };
      for (const r of rows) if (r.status in out) out[r.status as DlpIncidentStatus] = Number(r.n);
      return out;
    },
  };
}

export type DlpIncidentsRepo = ReturnType<typeof dlpIncidentsRepo>;
