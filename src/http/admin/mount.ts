import type { Router } from 'express';
import type { AppConfig } from '../../config/schema.ts';
import { oidcProvidersFromConfig } from '../auth/oidc-providers.ts';
import type { Runtime } from '../../pipeline/runtime.ts';
import { adminApiRouter } from './index.ts';
import { onboardingRoutes } from './onboarding-mount.ts';

/** The admin API (and the onboarding routers, when configured) for createApp's `routes`, built from the runtime. */
export function adminRoutes(runtime: Pick<Runtime, 'store' | 'queues' | 'ctx' | 'logger'>, config: AppConfig, options: { loginLimit?: { windowMs: number; limit: number }; eventsPollMs?: number } = {}): { path: string; router: Router }[] {
  const api = adminApiRouter(
    {
      store: runtime.store,
      remediate: runtime.queues.remediate,
      detectors: runtime.ctx.engine.detectors,
      logger: runtime.logger,
      ...(options.eventsPollMs ? { eventsPollMs: options.eventsPollMs } : {}),
    },
    {
      // Cookies are Secure whenever users reach us over HTTPS (directly or through a TLS-terminating proxy).
      secureCookies: config.PUBLIC_URL.startsWith('https:'),
      oidc: oidcProvidersFromConfig(config),
      ...(options.loginLimit ? { loginLimit: options.loginLimit } : { loginLimit: { windowMs: 15 * 60_000, limit: config.ADMIN_LOGIN_RATE_LIMIT } }),
    },
  );
  return [{ path: '/api/v1', router: api }, ...onboardingRoutes(runtime.store, config)];
}
