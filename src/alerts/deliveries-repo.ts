import type { Kysely } from 'kysely';
import type { DlpIncidentsDatabase } from '../store/dlp-incidents-repo.ts';
import type { Database } from '../store/tables.ts';

interface AlertDeliveriesTable {
  message_key: string;
  tenant_id: string;
  sink: string;
  delivered_at: string;
}

type Db = DlpIncidentsDatabase & { alert_deliveries: AlertDeliveriesTable };

/** Which alert went to which sink (migration 0003): replays and re-enqueued jobs never alert twice. */
export function alertDeliveries(base: Kysely<Database>) {
  const db = base as unknown as Kysely<Db>;
  return {
    async done(messageKey: string, sink: string): Promise<boolean> {
      return !!(await db.selectFrom('alert_deliveries').select('sink').where('message_key', '=', messageKey).where('sink', '=', sink).executeTakeFirst());
    },
    async record(messageKey: string, tenantId: string, sink: string): Promise<void> {
      await db
        .insertInto('alert_deliveries')
        .values({ message_key: messageKey, tenant_id: tenantId, sink, delivered_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['message_key', 'sink']).doNothing())
        .execute();
    },
    /**
     * Detections since `since` with one of `verdicts` (or DLP findings) and no delivery recorded on `sink`. DLP
     * findings whose incident already alerts the security team by email (policy `dlp.incidentActions`) are left
     * to that alert: one email per incident.
     */
    async pending(sink: string, verdicts: string[], dlp: boolean, since: string, limit = 500): Promise<{ tenantId: string; messageKey: string }[]> {
      if (verdicts.length === 0 && !dlp) return [];
      const rows = await db
        .selectFrom('verdicts')
        .leftJoin('alert_deliveries', (j) => j.onRef('alert_deliveries.message_key', '=', 'verdicts.message_key').on('alert_deliveries.sink', '=', sink))
        .select(['verdicts.tenant_id', 'verdicts.message_key'])
        .where('alert_deliveries.message_key', 'is', null)
        .where('verdicts.scanned_at', '>=', since)
        .where((eb) => {
          const incidentAlert = eb
            .selectFrom('dlp_incidents')
            .innerJoin('dlp_incident_actions', 'dlp_incident_actions.incident_id', 'dlp_incidents.id')
            .select('dlp_incidents.id')
            .whereRef('dlp_incidents.message_key', '=', 'verdicts.message_key')
            .where('dlp_incident_actions.action', '=', 'alert');
          const dlpRows = eb.and([eb('verdicts.categories', 'like', '%"dlp":%'), ...(sink === 'email' ? [eb.not(eb.exists(incidentAlert))] : [])]);
          return eb.or([...(verdicts.length ? [eb('verdicts.verdict', 'in', verdicts)] : []), ...(dlp ? [dlpRows] : [])]);
        })
        .orderBy('verdicts.scanned_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, messageKey: r.message_key }));
    },
  };
}
