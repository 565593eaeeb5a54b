import { buildEml } from '../helpers/build-eml.ts';

/**
 * A credential-phishing mail of a well-known shape: PayPal display name on a punycode look-alike domain, a
 * freemail Reply-To, and a link whose text shows paypal.com while it points at a bare IP login page.
 */
export function phishingMessage(n: number, subject = `Your account is limited - action required #${n}`): Buffer {
  return buildEml({
    from: '"PayPal Service" <service@xn--payal-xye.com>',
    to: 'alex@dev.local',
    headers: [['Reply-To', 'resolution.center@gmail.com']],
    subject,
    messageId: `<limited-${n}-${Date.now()}@xn--payal-xye.com>`,
    date: new Date().toUTCString(),
    text: 'We noticed unusual activity. Your account access has been limited. Please confirm your identity within 24 hours or your account will be suspended: https://www.paypal.com/signin',
    html: '<p>We noticed unusual activity. Your account access has been limited.</p><p>Please confirm your identity within 24 hours or your account will be suspended: <a href="http://198.51.100.7/webscr/login.php?cmd=_login-run">https://www.paypal.com/signin</a></p>',
  });
}

/** The legitimate look-alike: a real PayPal receipt, from paypal.com, linking to paypal.com. */
export function legitMessage(n: number): Buffer {
  return buildEml({
    from: 'PayPal <service@paypal.com>',
    to: 'alex@dev.local',
    subject: `Your receipt #${n}`,
    messageId: `<receipt-${n}-${Date.now()}@paypal.com>`,
    date: new Date().toUTCString(),
    html: '<p>See your <a href="https://www.paypal.com/myaccount/transactions">activity</a> or visit <a href="https://www.paypal.com/">www.paypal.com</a>.</p>',
  });
}

/** `prefix` (an issuer range and account digits) with its Luhn check digit: a made-up card number that passes the checksum. */
export function luhnCard(prefix: string): string {
  let sum = 0;
  for (let i = 0; i < prefix.length; i++) {
    let d = Number(prefix[prefix.length - 1 - i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${prefix}${(10 - (sum % 10)) % 10}`;
}

/** An IBAN made of `country` and a made-up `bban`, with its ISO 7064 mod-97 check digits. */
export function ibanOf(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of digits) rem = (rem * 10 + Number(ch)) % 97;
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}

const grouped = (s: string) => s.replace(/(.{4})(?=.)/g, '$1 ');

/** A made-up card (Visa range) and IBANs (German, Dutch) with valid checksums: what the outbound messages below carry. */
export const DLP_VALUES = { card: luhnCard('453201774019356'), ibanDe: ibanOf('DE', '430609671187452301'), ibanNl: ibanOf('NL', 'RABO0312946507') };

/**
 * Outbound mail a DLP policy exists for, as a mailbox's Sent Items holds it: a card number in the body
 * (`n` even) or IBANs in the body and in a CSV attachment (`n` odd). Deliver with direction `outbound`.
 */
export function sensitiveOutboundMessage(n: number): Buffer {
  const { card, ibanDe, ibanNl } = DLP_VALUES;
  const date = new Date().toUTCString();
  if (n % 2 === 0) {
    return buildEml({
      from: 'Sam Carter <sam@dev.local>',
      to: ['bookings@lisbon-venues.example'],
      cc: 'finance@dev.local',
      subject: `Offsite booking #${n}: deposit`,
      messageId: `<offsite-${n}-${Date.now()}@dev.local>`,
      date,
      text: `Hi Marta,\n\nplease take the deposit for the offsite from our company card ${grouped(card)}, expiry 09/28.\n\nThanks,\nSam`,
    });
  }
  return buildEml({
    from: 'Finance <finance@dev.local>',
    to: ['accounts@northwind-supplies.example', 'ap@northwind-supplies.example', 'treasury@northwind-supplies.example'],
    subject: `Payment run #${n}: our bank details`,
    messageId: `<payment-run-${n}-${Date.now()}@dev.local>`,
    date,
    text: `Hello,\n\nfor this month's payment run please use our account ${grouped(ibanDe)}. The list of transfers is attached.\n\nKind regards,\nFinance`,
    attachments: [{ contentType: 'text/csv', filename: 'payment-run.csv', body: `payee,iban,amount\nNorthwind Supplies,${ibanNl},12480.00\nMailWarden GmbH,${ibanDe},3120.50\n` }],
  });
}
