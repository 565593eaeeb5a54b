import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { atLeast, principalOf, type Principal } from '../auth/principal.ts';
import type { Role } from '../../store/users-repo.ts';
import type { AdminDeps } from './deps.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler gets: validated input, the caller, and (on tenant routes) the tenant already checked. */
export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  principal: Principal;
  /** Set on routes under /tenants/:tenantId: a tenant the caller is a member of. */
  tenantId: string;
  params: P;
  query: Q;
  body: B;
  deps: AdminDeps;
}

/**
 * One admin route: the single description that mounts it, documents it in OpenAPI, and lets the isolation
 * test enumerate it. Paths use express syntax; a `:tenantId` segment makes the route tenant-scoped, and a
 * caller who is not a member of that tenant gets 404 (the tenant does not exist for them).
 */
export interface AdminRoute<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** Minimum role in the route's tenant; on routes without :tenantId any signed-in caller passes. */
  minRole: Role;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The JSON answer (documented; text/event-stream routes set `stream`). */
  response: z.ZodType;
  status?: number;
  stream?: boolean;
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>;
}

export function route<P, Q, B>(r: AdminRoute<P, Q, B>): AdminRoute<P, Q, B> {
  return r;
}

const TenantParam = z.object({ tenantId: z.string().min(1).max(200) });

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: 'invalid_input', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
}

/** Mounts the routes on an express router that already ran `authenticate` and a JSON body parser. */
export function mountRoutes(router: Router, routes: readonly AdminRoute[], deps: AdminDeps): void {
  for (const r of routes) {
    router[r.method](r.path, async (req: Request, res: Response) => {
      const principal = principalOf(req)!;
      let tenantId = '';
      if (r.path.includes(':tenantId')) {
        const t = TenantParam.safeParse(req.params);
        const role = t.success ? principal.memberships.get(t.data.tenantId) : undefined;
        // Not a member: the tenant and everything under it does not exist for this caller.
        if (!t.success || role === undefined) return void res.status(404).json({ error: 'not found' });
        if (!atLeast(role, r.minRole)) return void res.status(403).json({ error: 'forbidden', need: r.minRole });
        tenantId = t.data.tenantId;
      }
      const params = r.params ? r.params.safeParse(req.params) : { success: true as const, data: req.params };
      if (!params.success) return void invalid(res, params.error);
      const query = r.query ? r.query.safeParse(req.query) : { success: true as const, data: {} };
      if (!query.success) return void invalid(res, query.error);
      const body = r.body ? r.body.safeParse(req.body ?? {}) : { success: true as const, data: undefined };
      if (!body.success) return void invalid(res, body.error);
      const out = await r.handler({ req, res, principal, tenantId, params: params.data, query: query.data, body: body.data, deps });
      if (r.stream || res.headersSent) return;
      if (out === undefined || out === null) return void res.status(404).json({ error: 'not found' });
      res.status(r.status ?? 200).json(out);
    });
  }
}
