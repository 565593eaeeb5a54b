import { Router, json } from 'express';
import { GoogleProvider } from '../../../connectors/google/google-provider.ts';
import { assertAdminOfDomain } from '../../../connectors/google/delegation-check.ts';
import type { TenantConnection } from '../../../connectors/index.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import type { MailboxRef } from '../../core/provider.ts';
import type { Store } from '../../store/store.ts';

/** What onboarding needs from the service: the store and MailWarden's own Google identity. */
export interface GoogleOnboardingDeps {
  store: Store;
  /** MailWarden's service account (the client id customers grant domain-wide delegation to). */
  serviceAccount: { client_email: string; private_key: string };
  /** projects/<p>/topics/<t> that Gmail publishes to and our push subscription reads. */
  topicName: string;
  publicUrl: string;
  /** SDK endpoints (emulator in tests/demo). */
  endpoints?: Record<string, string>;
  /** Mailboxes set up at once. */
  concurrency?: number;
}

export interface GoogleOnboardingInput {
  domain: string;
  adminEmail: string;
  tenantId?: string;
  name?: string;
}

export interface GoogleOnboardingReport {
  tenantId: string;
  status: 'ready' | 'missing_scopes';
  missingScopes: string[];
  mailboxes: { total: number; watched: number; skipped: { address: string; reason: string }[] };
}

/**
 * Installs MailWarden for a Google Workspace customer: checks the delegation grant scope by scope, stores the
 * tenant (sealed), enumerates users, and per enabled mailbox creates the hidden labels, starts a watch on
 * INBOX and SENT, and records the watch's historyId as the starting cursor. Re-running is safe: a mailbox
 * that already has a cursor keeps it. Suspended users and per-mailbox refusals are recorded, not fatal.
 */
export async function onboardGoogle(deps: GoogleOnboardingDeps, input: GoogleOnboardingInput): Promise<GoogleOnboardingReport> {
  const domain = input.domain.trim().toLowerCase();
  const adminEmail = input.adminEmail.trim().toLowerCase();
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain)) throw new AppError('invalid_input', 'invalid domain');
  assertAdminOfDomain(adminEmail, domain);
  const tenantId = input.tenantId ?? `google-${domain}`;
  const connection: TenantConnection = {
    tenantId,
    provider: 'google',
    settings: { serviceAccount: deps.serviceAccount, adminEmail, domain, topicName: deps.topicName },
    ...(deps.endpoints ? { endpoints: deps.endpoints } : {}),
  };
  const provider = new GoogleProvider(connection);
  const missing = await provider.missingScopes();
  if (missing.length) return { tenantId, status: 'missing_scopes', missingScopes: missing, mailboxes: { total: 0, watched: 0, skipped: [] } };

  await deps.store.tenants.upsert({ id: tenantId, name: input.name ?? domain, provider: 'google', settings: connection.settings, ...(deps.endpoints ? { endpoints: deps.endpoints } : {}) });
  const users = await provider.listMailboxes();
  const skipped: { address: string; reason: string }[] = [];
  let watched = 0;
  const url = `${deps.publicUrl.replace(/\/$/, '')}/webhooks/google`;

  const setUp = async (u: (typeof users)[number]) => {
    const mailbox: MailboxRef = { tenantId, provider: 'google', mailboxId: u.mailboxId, address: u.address };
    await deps.store.mailboxes.upsert({ ...mailbox, displayName: u.displayName, enabled: u.enabled, ...(u.groups ? { groups: u.groups } : {}) });
    if (!u.enabled) return void skipped.push({ address: u.address, reason: 'suspended or archived' });
    try {
      await provider.prepareMailbox(mailbox);
      const { cursor } = await deps.store.cursors.get(tenantId, u.mailboxId);
      const existing = await deps.store.subscriptions.forMailbox(tenantId, u.mailboxId);
      const state = await provider.ensureSubscription(mailbox, existing && cursor ? { id: existing.id, expiresAt: existing.expiresAt, secret: existing.secret, cursor } : null, url);
      await deps.store.subscriptions.save('google', tenantId, u.mailboxId, state);
      await deps.store.cursors.advance(tenantId, u.mailboxId, state.cursor);
      watched += 1;
    } catch (err) {
      if (!isAppError(err)) throw err;
      if (err.code === 'mailbox_unavailable') await deps.store.mailboxes.upsert({ ...mailbox, displayName: u.displayName, enabled: false });
      skipped.push({ address: u.address, reason: err.code });
    }
  };
  const queue = [...users];
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 8) }, async () => {
    for (let u = queue.shift(); u; u = queue.shift()) await setUp(u);
  }));
  return { tenantId, status: 'ready', missingScopes: [], mailboxes: { total: users.length, watched, skipped } };
}

/** POST / {domain, adminEmail, name?} → the report; 409 when scopes are missing. Mount behind admin auth. */
export function googleOnboardingRouter(deps: GoogleOnboardingDeps): Router {
  const router = Router();
  router.post('/', json({ limit: '16kb' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.domain !== 'string' || typeof body.adminEmail !== 'string') {
      res.status(400).json({ error: 'domain and adminEmail are required' });
      return;
    }
    try {
      const report = await onboardGoogle(deps, { domain: body.domain, adminEmail: body.adminEmail, ...(typeof body.name === 'string' ? { name: body.name } : {}) });
      res.status(report.status === 'ready' ? 200 : 409).json(report);
    } catch (err) {
      if (!isAppError(err)) throw err;
      const status = err.code === 'invalid_input' || err.code === 'mailbox_unavailable' ? 400 : err.code === 'consent_revoked' ? 409 : 502;
      res.status(status).json({ error: err.code });
    }
  });
  return router;
}
