import { Router } from 'express';
import type { TenantConnection } from '../../../connectors/index.ts';
import { M365Provider } from '../../../connectors/m365/provider.ts';
import { parseM365Endpoints, parseM365Settings } from '../../../connectors/m365/settings.ts';
import { isAppError } from '../../core/errors.ts';
import type { MailboxRef } from '../../core/provider.ts';
import type { Store } from '../../store/store.ts';
import { ConsentState } from './m365-state.ts';

/** MailWarden's own multi-tenant app registration, and where things are. */
export interface M365OnboardingDeps {
  store: Store;
  app: { clientId: string; clientSecret?: string; certificate?: { privateKeyPem: string; certificatePem: string } };
  /** https://mailwarden.example — the consent callback and webhooks hang off it. */
  publicUrl: string;
  /** Signs the consent `state`. */
  stateSecret: string;
  /** SDK endpoints (authority, graph): the emulator in tests and demo mode. */
  endpoints?: Record<string, string>;
  /** Mailboxes set up at once (each is throttled per mailbox anyway). */
  concurrency?: number;
}

export interface M365OnboardingReport {
  tenantId: string;
  azureTenantId: string;
  status: 'ready' | 'consent_missing';
  mailboxes: { total: number; subscribed: number; skipped: { address: string; reason: string }[] };
}

/**
 * After admin consent: store the tenant (credentials sealed by the store), enumerate mailboxes, and per enabled
 * mailbox create the hidden quarantine folder and a Graph subscription (random clientState), and record the
 * starting delta cursor. Mailboxes
 * without REST access or blocked by an access policy are recorded disabled with the reason, not fatal.
 * Re-running is safe: an existing subscription is renewed and its cursor kept.
 */
export async function onboardM365(deps: M365OnboardingDeps, azureTenantId: string): Promise<M365OnboardingReport> {
  const tenantId = `m365-${azureTenantId}`;
  const settings: Record<string, unknown> = { clientId: deps.app.clientId, azureTenantId, ...(deps.app.clientSecret ? { clientSecret: deps.app.clientSecret } : {}), ...(deps.app.certificate ? { certificate: deps.app.certificate } : {}) };
  const connection: TenantConnection = { tenantId, provider: 'm365', settings, ...(deps.endpoints ? { endpoints: deps.endpoints } : {}) };
  const provider = new M365Provider(parseM365Settings(settings), parseM365Endpoints(deps.endpoints));
  let users;
  try {
    users = await provider.listMailboxes();
  } catch (err) {
    if (isAppError(err) && (err.code === 'consent_revoked' || err.code === 'forbidden')) {
      return { tenantId, azureTenantId, status: 'consent_missing', mailboxes: { total: 0, subscribed: 0, skipped: [] } };
    }
    throw err;
  }
  await deps.store.tenants.upsert({ id: tenantId, name: azureTenantId, provider: 'm365', settings: connection.settings, ...(deps.endpoints ? { endpoints: deps.endpoints } : {}) });
  const url = `${deps.publicUrl.replace(/\/$/, '')}/webhooks/m365`;
  const skipped: { address: string; reason: string }[] = [];
  let subscribed = 0;

  const setUp = async (u: (typeof users)[number]) => {
    const mailbox: MailboxRef = { tenantId, provider: 'm365', mailboxId: u.mailboxId, address: u.address };
    await deps.store.mailboxes.upsert({ ...mailbox, displayName: u.displayName, enabled: u.enabled, ...(u.groups ? { groups: u.groups } : {}) });
    if (!u.enabled) return void skipped.push({ address: u.address, reason: 'account disabled' });
    try {
      await provider.prepareMailbox(mailbox);
      const { cursor } = await deps.store.cursors.get(tenantId, u.mailboxId);
      const existing = await deps.store.subscriptions.forMailbox(tenantId, u.mailboxId);
      const state = await provider.ensureSubscription(mailbox, existing ? { id: existing.id, expiresAt: existing.expiresAt, secret: existing.secret, cursor } : null, url);
      await deps.store.subscriptions.save('m365', tenantId, u.mailboxId, state);
      await deps.store.cursors.advance(tenantId, u.mailboxId, state.cursor);
      subscribed += 1;
    } catch (err) {
      if (!isAppError(err)) throw err;
      // MailboxNotEnabledForRESTAPI, an application access policy: a mailbox state, not an outage.
      if (err.code === 'mailbox_unavailable' || err.code === 'forbidden' || err.code === 'not_found') {
        await deps.store.mailboxes.upsert({ ...mailbox, displayName: u.displayName, enabled: false });
      }
      skipped.push({ address: u.address, reason: err.code });
    }
  };
  const queue = [...users];
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 8) }, async () => {
    for (let u = queue.shift(); u; u = queue.shift()) await setUp(u);
  }));
  return { tenantId, azureTenantId, status: 'ready', mailboxes: { total: users.length, subscribed, skipped } };
}

/**
 * GET /onboard/m365 → 302 to Entra ID admin consent with a signed, expiring `state`.
 * GET /onboard/m365/callback?tenant&admin_consent&state (or error) → onboard and answer the report as JSON.
 * Mount behind admin authentication.
 */
export function m365OnboardingRouter(deps: M365OnboardingDeps): Router {
  const router = Router();
  const states = new ConsentState(deps.stateSecret);
  const authority = parseM365Endpoints(deps.endpoints).authority;
  const redirectUri = `${deps.publicUrl.replace(/\/$/, '')}/onboard/m365/callback`;

  router.get('/', (_req, res) => {
    const target = new URL(`${authority}/organizations/adminconsent`);
    target.searchParams.set('client_id', deps.app.clientId);
    target.searchParams.set('redirect_uri', redirectUri);
    target.searchParams.set('state', states.issue());
    res.redirect(302, target.toString());
  });

  router.get('/callback', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    if (typeof q.state !== 'string' || !states.consume(q.state)) {
      res.status(400).json({ error: 'invalid_state' });
      return;
    }
    if (typeof q.error === 'string') {
      res.status(400).json({ error: 'consent_declined', detail: q.error });
      return;
    }
    if (q.admin_consent !== 'True' || typeof q.tenant !== 'string' || !/^[0-9a-f-]{36}$/i.test(q.tenant)) {
      res.status(400).json({ error: 'consent_incomplete' });
      return;
    }
    try {
      const report = await onboardM365(deps, q.tenant);
      res.status(report.status === 'ready' ? 200 : 409).json(report);
    } catch (err) {
      if (!isAppError(err)) throw err;
      res.status(err.code === 'config' ? 500 : 502).json({ error: err.code });
    }
  });
  return router;
}
