import { z } from 'zod';
import { LoginBody } from './auth/auth-router.ts';
import type { AdminRoute } from './admin/route.ts';

type Json = Record<string, unknown>;

const schema = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const j = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  delete j.$schema;
  return j;
};

/** Path and query parameters of an object schema, one OpenAPI parameter per property. */
function parameters(s: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!s) return [];
  const j = schema(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(j.properties ?? {}).map(([name, p]) => ({
    name, in: where, required: where === 'path' || (j.required ?? []).includes(name), schema: p,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
  }));
}

const err = { description: 'Error', content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } } } };

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas that validate the requests. */
export function openApiDocument(routes: readonly AdminRoute[], serverUrl = '/api/v1'): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const p = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const op: Json = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${p.replace(/[{}]/g, '').split('/').map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('').replace(/[^A-Za-z0-9]/g, '')}`,
      'x-min-role': r.minRole,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.status ?? 200)]: r.stream
          ? { description: 'Server-Sent Events', content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': schema(r.response, 'output') } } }
          : { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } },
        400: err, 401: err, 403: err, 404: err,
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } };
    (paths[p] ??= {})[r.method] = op;
  }
  paths['/auth/login'] = {
    post: {
      summary: 'Sign in; sets the session cookie and returns the CSRF token to send as X-CSRF-Token', tags: ['auth'], security: [],
      requestBody: { required: true, content: { 'application/json': { schema: schema(LoginBody, 'input') } } },
      responses: { 200: { description: 'Signed in' }, 401: err, 429: err },
    },
  };
  paths['/auth/logout'] = { post: { summary: 'Sign out', tags: ['auth'], responses: { 204: { description: 'Signed out' } } } };
  paths['/auth/me'] = { get: { summary: 'The caller, their tenants and roles, and the CSRF token', tags: ['auth'], responses: { 200: { description: 'OK' }, 401: err } } };
  paths['/auth/oidc/providers'] = { get: { summary: 'Identity providers configured for "Sign in with …" (id, label, start URL)', tags: ['auth'], security: [], responses: { 200: { description: 'OK' } } } };
  const provider = { name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: ['entra', 'google'] } };
  paths['/auth/oidc/{provider}/start'] = { get: { summary: 'Browser navigation: starts an OIDC sign-in (authorization code + PKCE, state, nonce) and redirects to the provider', tags: ['auth'], security: [], parameters: [provider], responses: { 303: { description: 'To the provider' }, 404: err, 502: { description: 'Provider unreachable (HTML page)' } } } };
  paths['/auth/oidc/{provider}/callback'] = { get: { summary: 'Browser navigation: the provider returns here; the ID token is verified, the identity mapped to an existing user, the session cookie set', tags: ['auth'], security: [], parameters: [provider], responses: { 303: { description: 'Signed in: to the dashboard' }, 400: { description: 'No pending sign-in in this browser (HTML page)' }, 401: { description: 'Answer not verifiable (HTML page)' }, 403: { description: 'Identity refused, e.g. no such user (HTML page)' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'MailWarden Admin API', version: '1.0.0', description: 'Tenants, detections, quarantine, policies, audit. Cookie sessions need X-CSRF-Token on unsafe methods; API tokens use Authorization: Bearer mwt_….' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'mw_session' },
        token: { type: 'http', scheme: 'bearer', description: 'API token (mwt_…)' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
