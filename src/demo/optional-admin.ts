/**
 * The admin API, dashboard and user store land in their own modules (src/http/admin, src/http/dashboard,
 * store.users). The demo shows them when this build has them and says so plainly when it does not, instead of
 * failing to start: the mail loop (consent, verdicts, quarantine) is worth seeing either way.
 */
import type { Router } from 'express';
import type { AppConfig } from '../config/schema.ts';
import type { Runtime } from '../pipeline/runtime.ts';

export interface AdminSurface {
  routes: { path: string; router: Router }[];
  /** Creates the demo user as platform owner unless a user already exists; false when there is no user store. */
  ensureUser(email: string, password: string): Promise<boolean>;
  /** Why the dashboard is not available, when it is not. */
  missing: string | null;
}

interface UsersRepoLike {
  count(): Promise<number>;
  create(email: string, passwordHash: string | null): Promise<{ id: string }>;
  grant(userId: string, tenantId: string, role: string): Promise<void>;
}

async function load<T>(specifier: string): Promise<T | null> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw err;
  }
}

export async function adminSurface(runtime: Runtime, config: AppConfig): Promise<AdminSurface> {
  // Variable specifiers: resolved at run time, so this file compiles whether or not the modules exist.
  const mount = await load<{ adminRoutes(rt: Runtime, c: AppConfig): { path: string; router: Router }[] }>(['..', 'http', 'admin', 'mount.ts'].join('/'));
  const dashboard = await load<{ dashboardRouter(): Router }>(['..', 'http', 'dashboard', 'index.ts'].join('/'));
  const password = await load<{ hashPassword(p: string): Promise<string> }>(['..', 'http', 'auth', 'password.ts'].join('/'));
  const users = (runtime.store as unknown as { users?: UsersRepoLike }).users;
  const routes: { path: string; router: Router }[] = [];
  if (mount && users) routes.push(...mount.adminRoutes(runtime, config));
  if (dashboard && mount && users) routes.push({ path: '/', router: dashboard.dashboardRouter() });
  const missing = !mount || !users ? 'the admin API is not part of this build' : !dashboard ? 'the dashboard is not part of this build' : null;
  return {
    routes,
    missing,
    async ensureUser(email, pw) {
      if (!users || !password) return false;
      if ((await users.count()) > 0) return true;
      const user = await users.create(email, await password.hashPassword(pw));
      await users.grant(user.id, '*', 'owner');
      return true;
    },
  };
}
