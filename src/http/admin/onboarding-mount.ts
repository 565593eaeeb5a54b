import { readFileSync } from 'node:fs';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '../../config/schema.ts';
import type { Store } from '../../store/store.ts';
import { authenticate } from '../auth/authenticate.ts';
import { atLeast, PLATFORM, principalOf } from '../auth/principal.ts';
import { googleOnboardingRouter } from '../onboarding/google.ts';
import { m365OnboardingRouter } from '../onboarding/m365.ts';

/** Onboarding creates tenants, so only platform operators (a role on `*`) of at least admin may run it. */
function platformAdmin(req: Request, res: Response, next: NextFunction): void {
  const p = principalOf(req);
  if (!p || !atLeast(p.memberships.get(PLATFORM), 'admin')) {
    res.status(403).json({ error: 'forbidden', need: 'platform admin' });
    return;
  }
  next();
}

/**
 * "Connect Microsoft 365" (GET /onboard/m365 → admin consent) and "Connect Google Workspace" (POST
 * /onboard/google {domain, adminEmail}), each mounted only when its keys are configured, behind sign-in.
 */
export function onboardingRoutes(store: Store, config: AppConfig): { path: string; router: Router }[] {
  const out: { path: string; router: Router }[] = [];
  const guard = (inner: Router) => {
    const r = Router();
    r.use(authenticate(store), platformAdmin, inner);
    return r;
  };
  const publicUrl = config.ONBOARDING_BASE_URL ?? config.PUBLIC_URL;
  if (config.M365_CLIENT_ID && (config.M365_CLIENT_SECRET || (config.M365_CERT_PEM && config.M365_KEY_PEM))) {
    out.push({
      path: '/onboard/m365',
      router: guard(
        m365OnboardingRouter({
          store,
          app: {
            clientId: config.M365_CLIENT_ID,
            ...(config.M365_CLIENT_SECRET ? { clientSecret: config.M365_CLIENT_SECRET } : {}),
            ...(config.M365_CERT_PEM && config.M365_KEY_PEM ? { certificate: { certificatePem: config.M365_CERT_PEM, privateKeyPem: config.M365_KEY_PEM } } : {}),
          },
          publicUrl,
          stateSecret: config.ONBOARDING_STATE_SECRET ?? config.M365_CLIENT_SECRET ?? config.M365_KEY_PEM ?? '',
        }),
      ),
    });
  }
  if (config.GOOGLE_SERVICE_ACCOUNT_KEY && config.GOOGLE_PUBSUB_TOPIC) {
    const text = config.GOOGLE_SERVICE_ACCOUNT_KEY.trim().startsWith('{') ? config.GOOGLE_SERVICE_ACCOUNT_KEY : readFileSync(config.GOOGLE_SERVICE_ACCOUNT_KEY, 'utf8');
    const key = JSON.parse(text) as { client_email: string; private_key: string };
    out.push({ path: '/onboard/google', router: guard(googleOnboardingRouter({ store, serviceAccount: key, topicName: config.GOOGLE_PUBSUB_TOPIC, publicUrl })) });
  }
  return out;
}
