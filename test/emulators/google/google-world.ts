import type { MailboxRef } from '../../../src/core/provider.ts';
import type { TenantConnection } from '../../../connectors/index.ts';
import { GoogleEmulator, type ServiceAccountKey } from './google-emulator.ts';

/** Every scope MailWarden's service account asks for, as an admin grants them on install. */
export const MAILWARDEN_SCOPES = [
  'https://mail.google.com/',
  'https://www.googleapis.com/auth/gmail.settings.basic',
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
];

export const TOPIC = 'projects/mailwarden-test/topics/gmail-push';

export interface GoogleWorld {
  emu: GoogleEmulator;
  sa: ServiceAccountKey;
  domain: string;
  admin: string;
  users: string[];
  connection: TenantConnection;
  ref(address: string): MailboxRef;
}

/**
 * A customer domain with an admin and `userCount` users, MailWarden's service account granted domain-wide
 * delegation, and the Gmail push topic. The Pub/Sub push subscription is added by tests that receive pushes.
 */
export async function startGoogleWorld(options: { userCount?: number; domain?: string; tenantId?: string; tls?: boolean } = {}): Promise<GoogleWorld> {
  const emu = await GoogleEmulator.start({ tls: options.tls ?? false });
  const domain = options.domain ?? 'acme.test';
  const tenantId = options.tenantId ?? 'tenant-google-1';
  const sa = emu.createServiceAccount();
  const admin = `admin@${domain}`;
  emu.addUser(admin, { admin: true, fullName: 'Ada Admin' });
  const users = [admin];
  for (let i = 1; i <= (options.userCount ?? 2); i++) {
    const address = `user${String(i).padStart(3, '0')}@${domain}`;
    emu.addUser(address);
    users.push(address);
  }
  emu.grantDelegation(domain, sa.client_id, MAILWARDEN_SCOPES);
  emu.pubsub.createTopic(TOPIC);
  const connection: TenantConnection = {
    tenantId,
    provider: 'google',
    settings: { serviceAccount: sa, adminEmail: admin, domain, topicName: TOPIC },
    endpoints: { googleApis: emu.url, googleToken: emu.tokenUrl },
  };
  return {
    emu, sa, domain, admin, users, connection,
    ref: (address) => ({ tenantId, provider: 'google', mailboxId: address, address }),
  };
}

/** A plain message; `extra` goes into the body (links, phishing text). */
export function rawMail(options: { from?: string; to: string; subject: string; body?: string; messageId?: string }): Buffer {
  const id = options.messageId ?? `<${Math.random().toString(36).slice(2)}@sender.example>`;
  return Buffer.from(
    `From: ${options.from ?? 'Sender <sender@example.org>'}\r\nTo: ${options.to}\r\nSubject: ${options.subject}\r\n` +
      `Message-ID: ${id}\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${options.body ?? 'Hello there.'}\r\n`,
  );
}
