/**
 * Set up an app, a tenant with mailboxes and consent in the emulator, and the TenantConnection our connector
 * needs to reach it. Shared by the emulator's tests, the connector's tests, the end-to-end test and the bench.
 */
import { randomBytes } from 'node:crypto';
import type { TenantConnection } from '../../../connectors/index.ts';
import { generateClientCertificate } from '../tls/test-ca.ts';
import type { M365Emulator } from './emulator.ts';
import type { AppRegistration, Tenant, User } from './model.ts';

export interface TestTenant {
  app: AppRegistration;
  tenant: Tenant;
  users: User[];
  secret: string;
  connection: TenantConnection;
}

export interface TestTenantOptions {
  users?: number | string[];
  domain?: string;
  credential?: 'secret' | 'certificate';
  consent?: boolean;
  redirectUris?: string[];
  settings?: Record<string, unknown>;
  /** Reuse an existing app (multi-tenant). */
  app?: AppRegistration;
}

export function m365Endpoints(emu: M365Emulator): Record<string, string> {
  return { authority: emu.url, graph: emu.url, exchange: emu.url };
}

export function createTestTenant(emu: M365Emulator, options: TestTenantOptions = {}): TestTenant {
  const names = typeof options.users === 'number' || options.users === undefined
    ? Array.from({ length: options.users ?? 2 }, (_, i) => `user${i + 1}`)
    : options.users;
  const secret = randomBytes(24).toString('base64url');
  const cert = options.credential === 'certificate' ? generateClientCertificate() : null;
  const app = options.app ?? emu.control.createApp({ redirectUris: options.redirectUris ?? [], secret, ...(cert ? { certificatePem: cert.certificatePem } : {}) });
  const { tenant, users } = emu.control.createTenant(options.domain ?? `t${randomBytes(3).toString('hex')}.example.com`, names);
  if (options.consent !== false) emu.control.grantConsent(tenant.id, app.appId);
  const settings: Record<string, unknown> = { clientId: app.appId, azureTenantId: tenant.id, ...options.settings };
  if (cert) settings.certificate = cert;
  else settings.clientSecret = options.app ? options.app.secrets[0] : secret;
  return { app, tenant, users, secret, connection: { tenantId: tenant.id, provider: 'm365', settings, endpoints: m365Endpoints(emu) } };
}

/** A small RFC 5322 message. */
export function mime(opts: { from?: string; to: string; subject: string; body?: string; headers?: Record<string, string> }): string {
  const extra = Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return (
    `From: ${opts.from ?? 'Sender <sender@example.org>'}\r\nTo: ${opts.to}\r\nSubject: ${opts.subject}\r\n` +
    `Message-ID: <${randomBytes(8).toString('hex')}@example.org>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n${extra}` +
    `Content-Type: text/plain; charset=utf-8\r\n\r\n${opts.body ?? 'Hello.'}\r\n`
  );
}
