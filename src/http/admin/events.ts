import { z } from 'zod';
import { detectionsRepo } from '../../store/detections-repo.ts';
import { route } from './route.ts';

/**
 * GET /events: Server-Sent Events of new verdicts in the caller's tenants (event `detection`). The feed
 * polls the verdicts table rather than an in-process bus, so it sees verdicts recorded by worker processes
 * elsewhere. Starts from "now"; a reconnecting client sends Last-Event-ID (`scanned_at|key`) to resume.
 */
export const eventRoutes = [
  route({
    method: 'get', path: '/events', tag: 'events', minRole: 'viewer', stream: true,
    summary: 'Live feed (text/event-stream) of new detections in the caller\'s tenants',
    query: z.object({ includeClean: z.enum(['true', 'false']).optional() }),
    response: z.object({ tenantId: z.string(), messageKey: z.string(), verdict: z.string(), score: z.number(), scannedAt: z.string() }).describe('data of each `detection` event'),
    async handler({ req, res, deps, principal, query }) {
      const tenants = [...principal.memberships.keys()];
      const repo = detectionsRepo(deps.store.db);
      const last = req.get('last-event-id');
      const [lastAt, lastKey] = last?.includes('|') ? last.split('|') : [];
      let after = { at: lastAt ?? new Date().toISOString(), key: lastKey ?? '' };
      res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.flushHeaders();
      res.write(`retry: 3000\n: connected\n\n`);
      let closed = false;
      let busy = false;
      const tick = async () => {
        if (closed || busy) return;
        busy = true;
        try {
          for (;;) {
            const rows = await repo.since(tenants, after, 100);
            for (const r of rows) {
              after = { at: r.scannedAt, key: r.messageKey };
              if (r.verdict === 'clean' && query.includeClean !== 'true') continue;
              res.write(`id: ${r.scannedAt}|${r.messageKey}\nevent: detection\ndata: ${JSON.stringify(r)}\n\n`);
            }
            if (rows.length < 100) break;
          }
        } catch (err) {
          deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'events feed poll failed');
        } finally {
          busy = false;
        }
      };
      const timer = setInterval(() => void tick(), deps.eventsPollMs ?? 1000);
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      await new Promise<void>((resolve) => req.on('close', () => resolve()));
      closed = true;
      clearInterval(timer);
      clearInterval(ping);
      return undefined;
    },
  }),
];
