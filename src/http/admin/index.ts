import { Router, json } from 'express';
import { authenticate } from '../auth/authenticate.ts';
import { authRouter, type AuthRouterOptions } from '../auth/auth-router.ts';
import { openApiDocument } from '../openapi.ts';
import type { AdminDeps } from './deps.ts';
import { mountRoutes } from './route.ts';
import { ADMIN_ROUTES } from './routes.ts';

export { ADMIN_ROUTES };

/**
 * The router mounted at /api/v1: /auth/* (sign-in, rate limited), /openapi.json (public), and every admin
 * route behind authentication (session cookie + CSRF, or API token) with tenant membership checked per route.
 */
export function adminApiRouter(deps: AdminDeps, auth: Omit<AuthRouterOptions, 'store'>): Router {
  const router = Router();
  const doc = openApiDocument(ADMIN_ROUTES);
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  router.use('/auth', authRouter({ ...auth, store: deps.store, logger: deps.logger }));
  router.use(authenticate(deps.store), json({ limit: '256kb' }));
  router.use((_req, res, next) => {
    // Responses carry tenant data: never cached by a browser or a proxy.
    res.set('Cache-Control', 'no-store');
    next();
  });
  mountRoutes(router, ADMIN_ROUTES, deps);
  return router;
}
