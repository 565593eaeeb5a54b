/**
 * The two emulated customer tenants of the demo: a Microsoft 365 tenant (Graph + Entra ID emulator, HTTPS) and a
 * Google Workspace domain (Gmail + Directory + OAuth + Pub/Sub emulator). Both listen on loopback only, and the
 * connectors reach them through the `endpoints` stored with each tenant, so no request can leave this machine.
 */
import { startM365Emulator, type M365Emulator } from '../../test/emulators/m365/emulator.ts';
import { m365Endpoints } from '../../test/emulators/m365/test-tenant.ts';
import type { AppRegistration, Tenant, User } from '../../test/emulators/m365/model.ts';
import { GoogleEmulator, type ServiceAccountKey } from '../../test/emulators/google/google-emulator.ts';
import { MAILWARDEN_SCOPES, TOPIC } from '../../test/emulators/google/google-world.ts';
import type { DemoPerson } from './mail/index.ts';
import { demoStaff } from './people.ts';

export const PUSH_AUDIENCE = 'https://mailwarden.demo/webhooks/google';
export const PUSHER = 'gmail-push@mailwarden-demo.iam.gserviceaccount.com';
export const M365_DOMAIN = 'contoso.example';
export const GOOGLE_DOMAIN = 'fabrikam.example';

export interface EmulatedM365 {
  emu: M365Emulator;
  app: AppRegistration;
  secret: string;
  tenant: Tenant;
  users: User[];
  people: DemoPerson[];
  endpoints: Record<string, string>;
}

export interface EmulatedGoogle {
  emu: GoogleEmulator;
  sa: ServiceAccountKey;
  admin: string;
  people: DemoPerson[];
  topic: string;
  endpoints: Record<string, string>;
}

/** Microsoft 365: our multi-tenant app registered with the demo's redirect URI, one tenant of `count` users. */
export async function startEmulatedM365(count: number, redirectUri: string, secret: string): Promise<EmulatedM365> {
  const emu = await startM365Emulator();
  const app = emu.control.createApp({ redirectUris: [redirectUri], secret });
  const people = demoStaff(count, M365_DOMAIN);
  const { tenant, users } = emu.control.createTenant(M365_DOMAIN, people.map((p) => p.address.split('@')[0]!));
  users.forEach((u, i) => {
    u.displayName = people[i]!.name;
  });
  return { emu, app, secret, tenant, users, people: users.map((u, i) => ({ name: people[i]!.name, address: u.mail })), endpoints: m365Endpoints(emu) };
}

/** Google Workspace: a domain with an admin and `count` users, delegation granted to our service account, the push topic. */
export async function startEmulatedGoogle(count: number): Promise<EmulatedGoogle> {
  const emu = await GoogleEmulator.start();
  emu.pubsub.backoff = { minMs: 100, maxMs: 2000 };
  const sa = emu.createServiceAccount();
  const admin = `it.admin@${GOOGLE_DOMAIN}`;
  emu.addUser(admin, { admin: true, fullName: 'IT Admin' });
  const people = demoStaff(count, GOOGLE_DOMAIN, 5);
  for (const p of people) emu.addUser(p.address, { fullName: p.name });
  emu.grantDelegation(GOOGLE_DOMAIN, sa.client_id, MAILWARDEN_SCOPES);
  emu.pubsub.createTopic(TOPIC);
  return { emu, sa, admin, people, topic: TOPIC, endpoints: { googleApis: emu.url, googleToken: emu.tokenUrl } };
}
