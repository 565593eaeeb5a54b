import { Router, type Request } from 'express';
import type { GoogleEmulator } from './google-emulator.ts';

/**
 * The emulator's own control API (not Google's): deliver mail, inject faults, age history. Tests in the same
 * process can call the GoogleEmulator methods directly; scripts and other processes use these routes.
 */
export function controlRoutes(emu: GoogleEmulator): Router {
  const r = Router();
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  r.post('/__emulator/users', (req, res) => {
    const b = body(req);
    res.json(emu.addUser(String(b.email), { admin: b.admin === true, suspended: b.suspended === true }));
  });

  r.post('/__emulator/deliver', (req, res) => {
    const b = body(req);
    const to = (Array.isArray(b.to) ? b.to : [b.to]).map(String);
    res.json({ ids: emu.deliver(to, Buffer.from(String(b.raw ?? ''), 'base64')) });
  });

  r.post('/__emulator/faults', (req, res) => {
    const b = body(req) as {
      pubsub?: { drop?: number; duplicate?: number; reorder?: boolean };
      throttle?: { user: string; count: number; kind: '429' | '403' };
      http?: { user?: string; method: string; statuses: number[] };
    };
    if (b.pubsub) emu.pubsub.faults(b.pubsub);
    if (b.throttle) emu.quota.injectThrottle(b.throttle.user, b.throttle.count, b.throttle.kind);
    if (b.http) emu.failNext(b.http.user ?? '*', b.http.method, b.http.statuses);
    res.status(204).end();
  });

  r.post('/__emulator/trim-history', (req, res) => {
    emu.mailbox(String(body(req).user)).trimHistory();
    res.status(204).end();
  });

  r.get('/__emulator/mailboxes/:address/messages', (req, res) => {
    const mb = emu.mailbox(String(req.params.address));
    res.json([...mb.messages.values()].map((m) => ({ id: m.id, labelIds: [...m.labelIds] })));
  });

  return r;
}
