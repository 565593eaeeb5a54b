import type { Mailbox } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import type { ListSource, OrgProfile } from '../../detector.ts';
import { isListedBrandDomain } from './brand-list.ts';
import { isBrandDomain } from './brands.ts';
import { brandsInLocalPart, brandsNamedIn, emailsInName, looksCorporate, namesVip, normalizeName } from './names.ts';
import type { SenderRule } from './rules.ts';

export type SenderFinding = Finding & { rule: SenderRule };

function quote(s: string): string {
  const clean = s.replace(/\s+/g, ' ').trim();
  return `"${clean.length > 80 ? `${clean.slice(0, 77)}...` : clean}"`;
}

/**
 * Letters chosen to dodge filters while reading normally: small capitals (ᴘᴀʏᴍᴇɴᴛ), invisible joiners
 * between letters (C͏a͏r͏r͏e͏f͏o͏u͏r), or Cyrillic/Greek letters inside a Latin word (Pаypal).
 * Ordinary accents and names written wholly in another script do not count.
 */
export function obfuscatedName(sender: Mailbox): SenderFinding[] {
  const name = sender.display_name;
  if (!name) return [];
  let why: string | null = null;
  if (/[\u1d00-\u1d2b\ua730-\ua7af\u0262\u026a\u0274\u0280\u028f\u029c\u029f]/u.test(name)) why = 'small-capital letters';
  else if (/\p{L}[\u034f\u200b-\u200d\u2060\ufeff\u00ad]+\p{L}/u.test(name)) why = 'invisible characters between letters';
  else if (name.split(/\s+/).some((w) => /\p{Script=Latin}/u.test(w) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(w))) why = 'Cyrillic or Greek letters inside Latin words';
  return why ? [{ rule: 'DISPLAY_NAME_OBFUSCATED', confidence: 1, evidence: `Display name ${quote(name)} uses ${why}` }] : [];
}

/** VIP names on a non-VIP address from outside the organisation. */
export function vipImpersonation(sender: Mailbox, org: OrgProfile): SenderFinding[] {
  const name = sender.display_name;
  if (!name || org.vips.length === 0) return [];
  const address = sender.email.email.toLowerCase();
  if (org.domains.some((d) => d.toLowerCase() === sender.email.domain.root_domain)) return [];
  const vip = org.vips.find((v) => v.email.toLowerCase() !== address && namesVip(name, v.name));
  if (!vip) return [];
  return [{ rule: 'VIP_IMPERSONATION', confidence: 1, evidence: `Display name ${quote(name)} matches VIP ${vip.name} but the address is ${address}, not ${vip.email}` }];
}

/** A brand in the display name or local part, sent from a domain that is not the brand's. */
export function brandImpersonation(sender: Mailbox, lists: ListSource): SenderFinding[] {
  const { root_domain: root, sld } = sender.email.domain;
  const named = sender.display_name ? brandsNamedIn(sender.display_name) : [];
  const fromLocal = brandsInLocalPart(sender.email.local_part);
  const all = [...new Set([...named, ...fromLocal])];
  // A sender that is one of the named brands may mention another one ("Microsoft for PayPal users").
  if (all.length === 0 || all.some((b) => isBrandDomain(b, root, sld) || isListedBrandDomain(b, root, lists))) return [];
  const brand = all[0]!;
  const where = named.includes(brand) ? `Display name ${quote(sender.display_name!)}` : `Local part "${sender.email.local_part}"`;
  return [{ rule: 'BRAND_DISPLAY_NAME', confidence: named.includes(brand) ? 1 : 0.7, evidence: `${where} names ${brand.name} but the sender domain is ${root || '(none)'}` }];
}

/** A free-mail address dressed as an organisation: "PayPal Support", "Acme Payroll Department". */
export function freemailCorporate(sender: Mailbox, org: OrgProfile): SenderFinding[] {
  const name = sender.display_name;
  if (!name) return [];
  const norm = normalizeName(name);
  const orgNamed = org.domains.some((d) => {
    const label = d.toLowerCase().split('.')[0] ?? '';
    return label.length >= 3 && ` ${norm} `.includes(` ${label} `);
  });
  const brand = brandsNamedIn(name)[0];
  if (!orgNamed && !brand && !looksCorporate(name)) return [];
  const what = brand ? `names ${brand.name}` : orgNamed ? 'names the organisation' : 'reads like an organisation';
  return [{ rule: 'FREEMAIL_CORPORATE_NAME', confidence: brand || orgNamed ? 1 : 0.75, evidence: `Free-mail sender ${sender.email.email} uses display name ${quote(name)}, which ${what}` }];
}

/** "support@paypal.com" <x@evil.example>: an address in the name whose domain is not the sender's. */
export function displayNameAddress(sender: Mailbox, listed: boolean): SenderFinding[] {
  // newsletter.jan@hotmail.com@evil.example: an address hidden in the local part, for clients that cut at the first @.
  const inLocal = /@([a-z0-9-]+\.)+[a-z]{2,}$/i.exec(sender.email.local_part);
  if (inLocal) {
    return [{ rule: 'DISPLAY_NAME_EMAIL_MISMATCH', confidence: 1, evidence: `Sender local part hides the address ${sender.email.local_part} in front of the real domain ${sender.email.domain.domain}` }];
  }
  if (!sender.display_name) return [];
  const root = sender.email.domain.root_domain;
  const other = emailsInName(sender.display_name).find((e) => e.domain !== sender.email.domain.domain && !e.domain.endsWith(`.${root}`) && e.domain !== root);
  if (!other) return [];
  return [{ rule: 'DISPLAY_NAME_EMAIL_MISMATCH', confidence: listed ? 0.4 : 1, evidence: `Display name shows ${other.email} but the message is from ${sender.email.email}` }];
}
