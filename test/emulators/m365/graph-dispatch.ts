/**
 * One Graph request through the emulated service: authentication, per app+mailbox throttling, injected faults
 * and latency, then the route. `$batch` runs each sub-request through the same path.
 */
import type { Faults } from './faults.ts';
import { badRequest, graphError, type GraphRequestContext, type GraphResponse } from './graph-response.ts';
import type { Identity } from './identity.ts';
import type { MailStore } from './mail-store.ts';
import { listUsers, userRoutes, type MailRouteDeps } from './mail-routes.ts';
import type { Subscriptions } from './subscriptions.ts';
import type { Throttle } from './throttle.ts';

export interface DispatchDeps {
  store: MailStore;
  identity: Identity;
  throttle: Throttle;
  faults: Faults;
  subscriptions: Subscriptions;
  mail: MailRouteDeps;
  /** Added to every Graph request, holding its throttle slot (so concurrency is observable). */
  latencyMs: () => number;
  log: { method: string; path: string; userId?: string; status: number }[];
}

export interface RawGraphRequest {
  method: string;
  /** Path and query below /v1.0, e.g. "/users/x/messages?$top=5". */
  pathAndQuery: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** "mailFolders('inbox')" → ["mailFolders", "inbox"]. */
export function splitSegments(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    const seg = decodeURIComponent(raw);
    const m = /^([A-Za-z]+)\('([^']*)'\)$/.exec(seg);
    if (m) out.push(m[1], m[2]);
    else out.push(seg);
  }
  return out;
}

export async function dispatchGraph(deps: DispatchDeps, req: RawGraphRequest): Promise<GraphResponse> {
  const auth = deps.identity.authenticate(req.headers.authorization);
  if (!auth) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
  const url = new URL(req.pathAndQuery, 'https://graph.invalid');
  const segments = splitSegments(url.pathname);
  if (segments[0] === '$batch' && req.method === 'POST') return batch(deps, req);
  const user = segments[0] === 'users' && segments[1] ? deps.store.findUser(segments[1]) : undefined;
  const key = `${auth.appId}|${user?.id ?? '*'}`;
  const admission = deps.throttle.admit(key);
  try {
    let res: GraphResponse;
    if (!admission.ok) {
      res = graphError(429, 'ApplicationThrottled', `Application is over its ${admission.reason} limit.`, { 'retry-after': String(admission.retryAfterSeconds) });
    } else {
      res = await withFaults(deps, req.method, url.pathname, user?.id, async () => {
        const prefer = req.headers.prefer ?? '';
        const ctx: GraphRequestContext = {
          method: req.method,
          segments,
          query: url.searchParams,
          headers: req.headers,
          body: req.body,
          appId: auth.appId,
          tenantId: auth.tenantId,
          immutableIds: /IdType\s*=\s*"ImmutableId"/i.test(prefer),
        };
        const pageSize = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
        if (pageSize) ctx.maxPageSize = Number(pageSize[1]);
        return route(deps, ctx, user);
      });
    }
    deps.log.push({ method: req.method, path: url.pathname, ...(user ? { userId: user.id } : {}), status: res.status });
    return res;
  } finally {
    admission.release();
  }
}

async function withFaults(deps: DispatchDeps, method: string, path: string, userId: string | undefined, run: () => Promise<GraphResponse>): Promise<GraphResponse> {
  let latency = deps.latencyMs();
  for (const f of deps.faults.match(method, path, userId)) {
    if (f.kind === 'latency') latency += f.latencyMs ?? 0;
    else if (f.kind === '429') return graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'retry-after': String(f.retryAfterSeconds ?? 1) });
    else if (f.kind === '503') return graphError(503, 'ServiceUnavailable', 'Service Unavailable', f.retryAfterSeconds ? { 'retry-after': String(f.retryAfterSeconds) } : undefined);
  }
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  return run();
}

async function route(deps: DispatchDeps, ctx: GraphRequestContext, user: ReturnType<MailStore['findUser']>): Promise<GraphResponse> {
  const [root, second, third, ...more] = ctx.segments;
  if (root === 'subscriptions' && more.length === 0) return deps.subscriptions.route(ctx, second, third);
  if (root === 'users' && second === undefined && ctx.method === 'GET') return listUsers(deps.mail, ctx);
  if (root === 'users') {
    if (!user || user.tenantId !== ctx.tenantId) return graphError(404, 'ResourceNotFound', `User not found`);
    return userRoutes(deps.mail, ctx, user, ctx.segments.slice(2));
  }
  return graphError(400, 'BadRequest', `Resource not found for the segment '${root ?? ''}'.`);
}

interface BatchItem {
  id?: string;
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** JSON batching: at most 20 requests, run in order, each with its own status. */
async function batch(deps: DispatchDeps, req: RawGraphRequest): Promise<GraphResponse> {
  let parsed: { requests?: BatchItem[] };
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    return badRequest('Invalid batch payload format.', 'BadRequest');
  }
  const requests = parsed.requests ?? [];
  if (!Array.isArray(requests) || requests.length === 0) return badRequest('Invalid batch payload format.', 'BadRequest');
  if (requests.length > 20) return badRequest('Number of requests exceeds the maximum of 20.', 'BadRequest');
  const responses = [];
  for (const item of requests) {
    const headers: Record<string, string | undefined> = { authorization: req.headers.authorization };
    for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = v;
    const body = item.body === undefined ? Buffer.alloc(0) : Buffer.from(typeof item.body === 'string' ? item.body : JSON.stringify(item.body));
    const path = `/${String(item.url ?? '').replace(/^\/+/, '').replace(/^v1\.0\//, '')}`;
    const res = await dispatchGraph(deps, { method: (item.method ?? 'GET').toUpperCase(), pathAndQuery: path, headers, body });
    const isBytes = Buffer.isBuffer(res.body);
    responses.push({
      id: item.id,
      status: res.status,
      // Graph spells batch response header names canonically (the SDK looks for "Content-Type" exactly).
      headers: { ...canonicalHeaders(res.headers ?? {}), 'Content-Type': isBytes ? 'text/plain' : 'application/json' },
      ...(res.body === undefined ? {} : { body: isBytes ? (res.body as Buffer).toString('base64') : res.body }),
    });
  }
  return { status: 200, body: { responses } };
}

function canonicalHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v;
  return out;
}
