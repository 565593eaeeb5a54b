import type { DemoMail, DemoMailKind } from './compose.ts';
import { businessMail, newsletterMail } from './legitimate.ts';
import { becMail, cardNumbersOutbound, macroDocmMail, malwareZipMail, phishingMail, qrPhishingMail } from './threats.ts';

export type { DemoMail, DemoMailKind } from './compose.ts';
export { MALICIOUS_KINDS } from './compose.ts';

/** A person in a demo tenant. */
export interface DemoPerson { name: string; address: string }

/**
 * The mix of a realistic stream: mostly legitimate mail, a steady trickle of each threat. Message `n` of the
 * stream is always the same kind, so a run is reproducible.
 */
const MIX: DemoMailKind[] = [
  'business', 'newsletter', 'phishing', 'business', 'bec', 'malware-zip', 'business', 'newsletter',
  'qr-phishing', 'business', 'malware-docm', 'dlp-outbound', 'business', 'newsletter',
];

/** Messages in one round of the mix. */
export const MIX_LENGTH = MIX.length;

export function kindOf(n: number): DemoMailKind {
  return MIX[n % MIX.length]!;
}

/** Message `n` of the stream for a tenant: `to` receives it (or sends it, for outbound), `ceo` is impersonated. */
export function generateMail(n: number, to: DemoPerson, ceo: DemoPerson, domain: string): Promise<DemoMail> {
  switch (kindOf(n)) {
    case 'business': return businessMail(n, to);
    case 'newsletter': return newsletterMail(n, to);
    case 'phishing': return phishingMail(n, to);
    case 'bec': return becMail(n, to, ceo);
    case 'malware-zip': return malwareZipMail(n, to);
    case 'malware-docm': return macroDocmMail(n, to);
    case 'qr-phishing': return qrPhishingMail(n, to);
    case 'dlp-outbound': return cardNumbersOutbound(n, to, domain);
  }
}
