import { sql, type Kysely } from 'kysely';
import type { ScoredFinding } from '../core/verdict.ts';
import type { SummaryDatabase } from './summaries-repo.ts';
import type { Database } from './tables.ts';

export interface DetectionFilter {
  /** Text the subject or the sender address contains, case-insensitive (ASCII case folding on SQLite). */
  text?: string;
  verdict?: string[];
  rule?: string;
  mailbox?: string;
  /** Sender address, or a domain (matches the domain and its subdomains). */
  sender?: string;
  since?: string;
  until?: string;
  /** Only DLP findings (category dlp). */
  dlp?: boolean;
  includeClean?: boolean;
  limit: number;
  /** `scanned_at|message_key` of the last row of the previous page. */
  cursor?: string;
}

export interface DetectionRow {
  messageKey: string;
  mailboxId: string;
  mailboxAddress: string | null;
  messageId: string;
  direction: string;
  sender: string | null;
  senderName: string | null;
  subject: string | null;
  verdict: string;
  score: number;
  categories: Record<string, number>;
  topFindings: { rule: string; category: string; score: number }[];
  decision: { action: string; planned: string; mode: string; reason: string };
  scannedAt: string;
  firstSeenAt: string;
  actions: { action: string; status: string; at: string }[];
  /** Set by the live feed, which spans tenants. */
  tenantId?: string;
}

/** Read side of scanned messages for the admin API: always within one tenant, newest first, cursor paged. */
export function detectionsRepo(base0: Kysely<Database>) {
  const db = base0 as unknown as Kysely<SummaryDatabase>;
  const base = (tenantId: string) =>
    db
      .selectFrom('verdicts')
      .innerJoin('messages', 'messages.key', 'verdicts.message_key')
      .leftJoin('mailboxes', (j) => j.onRef('mailboxes.tenant_id', '=', 'messages.tenant_id').onRef('mailboxes.mailbox_id', '=', 'messages.mailbox_id'))
      .leftJoin('message_summaries', 'message_summaries.message_key', 'verdicts.message_key')
      .select([
        'message_summaries.sender', 'message_summaries.sender_name', 'message_summaries.subject',
        'verdicts.message_key', 'verdicts.verdict', 'verdicts.score', 'verdicts.categories', 'verdicts.findings', 'verdicts.decision', 'verdicts.scanned_at',
        'messages.mailbox_id', 'messages.message_id', 'messages.direction', 'messages.first_seen_at', 'mailboxes.address',
      ])
      .where('verdicts.tenant_id', '=', tenantId)
      .where('messages.tenant_id', '=', tenantId);

  async function actionsOf(keys: string[]) {
    if (keys.length === 0) return new Map<string, DetectionRow['actions']>();
    const rows = await db.selectFrom('actions').select(['message_key', 'action', 'status', 'created_at']).where('message_key', 'in', keys).orderBy('created_at').execute();
    const m = new Map<string, DetectionRow['actions']>();
    for (const r of rows) m.set(r.message_key, [...(m.get(r.message_key) ?? []), { action: r.action, status: r.status, at: r.created_at }]);
    return m;
  }

  function toRow(r: Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number], actions: DetectionRow['actions']): DetectionRow {
    const findings = JSON.parse(r.findings) as ScoredFinding[];
    const decision = JSON.parse(r.decision) as DetectionRow['decision'];
    return {
      messageKey: r.message_key,
      mailboxId: r.mailbox_id,
      mailboxAddress: r.address ?? null,
      messageId: r.message_id,
      direction: r.direction,
      sender: r.sender ?? null,
      senderName: r.sender_name ?? null,
      subject: r.subject ?? null,
      verdict: r.verdict,
      score: Number(r.score),
      categories: JSON.parse(r.categories) as Record<string, number>,
      topFindings: [...findings].sort((a, b) => b.score - a.score).slice(0, 5).map((f) => ({ rule: f.rule, category: f.category, score: f.score })),
      decision: { action: decision.action, planned: decision.planned, mode: decision.mode, reason: decision.reason },
      scannedAt: r.scanned_at,
      firstSeenAt: r.first_seen_at,
      actions,
    };
  }

  return {
    async list(tenantId: string, f: DetectionFilter): Promise<{ items: DetectionRow[]; nextCursor: string | null }> {
      let q = base(tenantId);
      if (f.verdict?.length) q = q.where('verdicts.verdict', 'in', f.verdict);
      else if (!f.includeClean) q = q.where('verdicts.verdict', '!=', 'clean');
      // Findings are stored as JSON text; a quoted match on the rule id is exact for SCREAMING_SNAKE ids.
      if (f.rule) q = q.where('verdicts.findings', 'like', `%"rule":${JSON.stringify(f.rule)}%`);
      if (f.dlp) q = q.where('verdicts.categories', 'like', '%"dlp":%');
      if (f.mailbox) q = q.where((eb) => eb.or([eb('messages.mailbox_id', '=', f.mailbox!), eb('mailboxes.address', '=', f.mailbox!.toLowerCase())]));
      if (f.sender) {
        const s = f.sender.toLowerCase();
        q = s.includes('@') ? q.where('message_summaries.sender', '=', s) : q.where((eb) => eb.or([eb('message_summaries.sender', 'like', `%@${s}`), eb('message_summaries.sender', 'like', `%.${s}`)]));
      }
      if (f.text) {
        // LIKE with its wildcards escaped: the text is matched literally, a `%` or `_` in it is no pattern.
        const pattern = `%${f.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([
          sql<boolean>`lower(${eb.ref('message_summaries.subject')}) like ${pattern} escape '\\'`,
          sql<boolean>`lower(${eb.ref('message_summaries.sender')}) like ${pattern} escape '\\'`,
        ]));
      }
      if (f.since) q = q.where('verdicts.scanned_at', '>=', f.since);
      if (f.until) q = q.where('verdicts.scanned_at', '<', f.until);
      if (f.cursor) {
        const [at = '', key = ''] = f.cursor.split('|');
        q = q.where((eb) => eb.or([eb('verdicts.scanned_at', '<', at), eb.and([eb('verdicts.scanned_at', '=', at), eb('verdicts.message_key', '<', key)])]));
      }
      const rows = await q.orderBy('verdicts.scanned_at', 'desc').orderBy('verdicts.message_key', 'desc').limit(f.limit + 1).execute();
      const page = rows.slice(0, f.limit);
      const acts = await actionsOf(page.map((r) => r.message_key));
      const last = page.at(-1);
      return { items: page.map((r) => toRow(r, acts.get(r.message_key) ?? [])), nextCursor: rows.length > f.limit && last ? `${last.scanned_at}|${last.message_key}` : null };
    },
    async one(tenantId: string, messageKey: string): Promise<(DetectionRow & { findings: ScoredFinding[]; failures: unknown[] }) | null> {
      const r = await base(tenantId).select(['verdicts.failures']).where('verdicts.message_key', '=', messageKey).executeTakeFirst();
      if (!r) return null;
      const acts = await actionsOf([messageKey]);
      return { ...toRow(r, acts.get(messageKey) ?? []), findings: JSON.parse(r.findings) as ScoredFinding[], failures: JSON.parse(r.failures) as unknown[] };
    },
    /** Messages whose quarantine is in force: quarantined (done) and neither released nor purged since. */
    async quarantined(tenantId: string, limit: number): Promise<DetectionRow[]> {
      const keys = await db
        .selectFrom('actions')
        .select('message_key')
        .where('tenant_id', '=', tenantId)
        .where('action', '=', 'quarantine')
        .where('status', 'in', ['done', 'noop'])
        .where((eb) => eb.not(eb.exists(eb.selectFrom('actions as a2').select('a2.id').whereRef('a2.message_key', '=', 'actions.message_key').where('a2.action', 'in', ['release', 'purge']).where('a2.status', '=', 'done'))))
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      if (keys.length === 0) return [];
      const rows = await base(tenantId).where('verdicts.message_key', 'in', keys.map((k) => k.message_key)).orderBy('verdicts.scanned_at', 'desc').execute();
      const acts = await actionsOf(rows.map((r) => r.message_key));
      return rows.map((r) => toRow(r, acts.get(r.message_key) ?? []));
    },
    /** Scanned messages per UTC day and verdict since `since`. */
    async perDay(tenantId: string, since: string): Promise<{ day: string; verdict: string; n: number }[]> {
      const day = sql<string>`substr(scanned_at, 1, 10)`;
      const rows = await db.selectFrom('verdicts').select([day.as('day'), 'verdict', (eb) => eb.fn.countAll().as('n')]).where('tenant_id', '=', tenantId).where('scanned_at', '>=', since).groupBy([day, 'verdict']).orderBy(day).execute();
      return rows.map((r) => ({ day: r.day, verdict: r.verdict, n: Number(r.n) }));
    },
    /** Seconds from first sighting (delivery) to a destructive action done, per remediated message since `since`. */
    async remediationSeconds(tenantId: string, since: string, limit = 10_000): Promise<number[]> {
      const rows = await db
        .selectFrom('actions')
        .innerJoin('messages', 'messages.key', 'actions.message_key')
        .select(['actions.created_at', 'messages.first_seen_at'])
        .where('actions.tenant_id', '=', tenantId)
        .where('actions.action', 'in', ['quarantine', 'junk', 'trash', 'purge'])
        .where('actions.status', '=', 'done')
        .where('actions.created_at', '>=', since)
        .limit(limit)
        .execute();
      return rows.map((r) => Math.max(0, (Date.parse(r.created_at) - Date.parse(r.first_seen_at)) / 1000));
    },
    /** Verdicts recorded after (scanned_at, key), oldest first: the live feed polls this. */
    async since(tenantIds: string[], after: { at: string; key: string }, limit = 100): Promise<DetectionRow[]> {
      if (tenantIds.length === 0) return [];
      const rows = await db
        .selectFrom('verdicts')
        .innerJoin('messages', 'messages.key', 'verdicts.message_key')
        .leftJoin('mailboxes', (j) => j.onRef('mailboxes.tenant_id', '=', 'messages.tenant_id').onRef('mailboxes.mailbox_id', '=', 'messages.mailbox_id'))
        .leftJoin('message_summaries', 'message_summaries.message_key', 'verdicts.message_key')
        .select(['message_summaries.sender', 'message_summaries.sender_name', 'message_summaries.subject', 'verdicts.message_key', 'verdicts.verdict', 'verdicts.score', 'verdicts.categories', 'verdicts.findings', 'verdicts.decision', 'verdicts.scanned_at', 'messages.mailbox_id', 'messages.message_id', 'messages.direction', 'messages.first_seen_at', 'mailboxes.address', 'verdicts.tenant_id'])
        .where('verdicts.tenant_id', 'in', tenantIds)
        .where((eb) => eb.or([eb('verdicts.scanned_at', '>', after.at), eb.and([eb('verdicts.scanned_at', '=', after.at), eb('verdicts.message_key', '>', after.key)])]))
        .orderBy('verdicts.scanned_at')
        .orderBy('verdicts.message_key')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...toRow(r, []), tenantId: r.tenant_id }));
    },
  };
}

export type DetectionsRepo = ReturnType<typeof detectionsRepo>;
