/**
 * Onboards both emulated tenants the way an administrator would: Microsoft 365 through the admin-consent
 * redirects (the demo plays the admin's browser), Google Workspace through POST /onboard/google after the
 * domain-wide delegation grant. Both then run in enforce mode, so threats are quarantined, not only recorded.
 */
import type { GoogleOnboardingReport } from '../http/onboarding/google.ts';
import type { M365OnboardingReport } from '../http/onboarding/m365.ts';
import type { Store } from '../store/store.ts';
import type { EmulatedGoogle, EmulatedM365 } from './emulated-tenants.ts';
import { GOOGLE_DOMAIN, PUSH_AUDIENCE, PUSHER } from './emulated-tenants.ts';

async function nextHop(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  await res.body?.cancel();
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`expected a redirect from ${new URL(url).pathname}, got HTTP ${res.status}`);
  return new URL(location, url).toString();
}

/** "Connect Microsoft 365": our consent link → Entra ID admin consent → our callback, which subscribes every mailbox. */
export async function onboardM365(secureUrl: string, m365: EmulatedM365): Promise<M365OnboardingReport> {
  m365.emu.control.setConsent(m365.tenant.id); // the admin of this tenant clicks "Accept"
  const consentPage = await nextHop(`${secureUrl}/onboard/m365`);
  const callback = await nextHop(consentPage);
  const res = await fetch(callback);
  const report = (await res.json()) as M365OnboardingReport;
  if (report.status !== 'ready') throw new Error(`Microsoft 365 onboarding ended as ${report.status}`);
  return report;
}

/** "Connect Google Workspace": Pub/Sub push subscription to our webhook (OIDC-signed), then the install call. */
export async function onboardGoogle(dashboardUrl: string, google: EmulatedGoogle): Promise<GoogleOnboardingReport> {
  google.emu.pubsub.createPushSubscription({
    name: 'projects/mailwarden-demo/subscriptions/mailwarden', topic: google.topic, endpoint: `${dashboardUrl}/webhooks/google`,
    audience: PUSH_AUDIENCE, serviceAccountEmail: PUSHER,
  });
  const res = await fetch(`${dashboardUrl}/onboard/google`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ domain: GOOGLE_DOMAIN, adminEmail: google.admin, name: 'Fabrikam (demo)' }),
  });
  const report = (await res.json()) as GoogleOnboardingReport;
  if (report.status !== 'ready') throw new Error(`Google Workspace onboarding ended as ${report.status}`);
  return report;
}

export async function enforce(store: Store, tenantIds: string[]): Promise<void> {
  for (const id of tenantIds) await store.tenants.setPolicy(id, { mode: 'enforce' });
}
