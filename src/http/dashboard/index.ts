import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** Where the dashboard's HTML, CSS and ES modules live: served as they are, no build step, no CDN. */
export const DASHBOARD_STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');

/**
 * The security dashboard: a single page (hash routes, so no server-side fallback can shadow API paths) at `/`
 * and its assets under `/static/`. Every datum comes from /api/v1 with the user's own session, so this router
 * needs no auth of its own. The scripts are external modules, so helmet's default CSP (`script-src 'self'`)
 * holds without exceptions.
 */
export function dashboardRouter(): Router {
  if (!existsSync(join(DASHBOARD_STATIC_DIR, 'index.html'))) throw new Error(`dashboard assets missing in ${DASHBOARD_STATIC_DIR}`);
  const router = Router();
  router.get('/', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(join(DASHBOARD_STATIC_DIR, 'index.html'));
  });
  // no-cache (revalidate by ETag): a new release is picked up at the next load, unchanged files cost a 304.
  router.use('/static', express.static(DASHBOARD_STATIC_DIR, { index: false, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  return router;
}
