/**
 * The steady mail stream: one generated message per tick, alternating between the two tenants and walking
 * through their mailboxes, delivered into the emulated mailboxes exactly as a provider would receive it.
 */
import type { ProviderId } from '../core/provider.ts';
import { ids } from '../pipeline/jobs.ts';
import type { EmulatedGoogle, EmulatedM365 } from './emulated-tenants.ts';
import { GOOGLE_DOMAIN, M365_DOMAIN } from './emulated-tenants.ts';
import { generateMail, MIX_LENGTH, type DemoMailKind } from './mail/index.ts';

/** One delivered message and where to look for what became of it. */
export interface Delivered {
  n: number;
  kind: DemoMailKind;
  provider: ProviderId;
  key: string;
  outbound: boolean;
  /** True once the message sits in the tenant's quarantine. */
  quarantined(): boolean;
}

export interface TrafficTargets {
  m365: EmulatedM365;
  m365TenantId: string;
  google: EmulatedGoogle;
  googleTenantId: string;
}

/** Delivers message `n` of the stream and returns its record. */
export async function deliverNext(n: number, t: TrafficTargets): Promise<Delivered> {
  // Swap the tenants' turns every round of the mix, so each kind of mail reaches both providers.
  const round = Math.floor(n / MIX_LENGTH);
  if ((n + round) % 2 === 0) {
    const i = Math.floor(n / 2) % t.m365.users.length;
    const user = t.m365.users[i]!;
    const mail = await generateMail(n, t.m365.people[i]!, t.m365.people[0]!, M365_DOMAIN);
    const msg = t.m365.emu.control.deliver(user.id, mail.raw, mail.outbound ? 'sentitems' : 'inbox');
    const folders = t.m365.emu.control;
    return {
      n, kind: mail.kind, provider: 'm365', outbound: mail.outbound,
      key: ids.message('m365', t.m365TenantId, user.id, msg.immutableId),
      quarantined: () => folders.folderOf(msg.immutableId) === 'MailWarden Quarantine',
    };
  }
  const i = Math.floor(n / 2) % t.google.people.length;
  const person = t.google.people[i]!;
  const mail = await generateMail(n, person, t.google.people[0]!, GOOGLE_DOMAIN);
  const mailbox = t.google.emu.mailbox(person.address);
  const id = mail.outbound ? mailbox.add(mail.raw, ['SENT'], { applyFilters: false }).id : t.google.emu.deliver([person.address], mail.raw)[person.address]!;
  return {
    n, kind: mail.kind, provider: 'google', outbound: mail.outbound,
    key: ids.message('google', t.googleTenantId, person.address, id),
    quarantined: () => {
      const label = mailbox.labels.list().find((l) => l.name === 'MailWarden/Quarantine');
      return !!label && mailbox.get(id).labelIds.has(label.id);
    },
  };
}
