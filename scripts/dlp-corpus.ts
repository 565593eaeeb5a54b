/**
 * A seeded generator of outbound mail with and without sensitive data, with ground truth per message. Values
 * are random but valid (Luhn, mod-97, SSN ranges); clean messages carry look-alikes (failed checksums,
 * tracking and phone numbers, documentation keys, placeholder connection strings) to measure false positives.
 * Values and look-alikes sit in the body or in an attachment: CSV, PDF, Word document, or a CSV inside a zip.
 */
import { carrierFile, type Carrier, type CarrierFile } from './dlp-carriers.ts';
import { luhnValid } from '../src/engine/dlp/checksums.ts';

export interface DlpSample {
  id: number;
  raw: Uint8Array;
  /** Rule ids that must fire. */
  expected: string[];
  /** The raw sensitive values planted (tests grep storage and logs for them). */
  planted: string[];
  /** Where the values (or, in clean mail with an attachment, the look-alikes) were put. */
  carrier: Carrier;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type R = () => number;
const int = (r: R, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chars = (r: R, n: number, set: string) => Array.from({ length: n }, () => set[Math.floor(r() * set.length)]).join('');
const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = UPPER + 'abcdefghijklmnopqrstuvwxyz' + DIGITS;

/** `body` with the check digit that makes it pass Luhn (exactly one of the ten does). */
export function luhnComplete(body: string): string {
  for (let c = 0; c <= 9; c++) if (luhnValid(body + c)) return body + c;
  throw new Error(`no Luhn check digit for ${body}`);
}
const mod97 = (s: string) => [...s].reduce((rem, ch) => (rem * (ch >= 'A' ? 100 : 10) + (ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch))) % 97, 0);

const card = (r: R) => {
  const [prefix, len] = pick(r, [['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15], ['6011', 16], ['3530', 16]] as const);
  return luhnComplete(prefix + chars(r, len - prefix.length - 1, DIGITS));
};
const iban = (r: R) => {
  const [cc, bban] = pick(r, [['DE', () => chars(r, 18, DIGITS)], ['GB', () => chars(r, 4, UPPER) + chars(r, 14, DIGITS)], ['NL', () => chars(r, 4, UPPER) + chars(r, 10, DIGITS)], ['FR', () => chars(r, 23, DIGITS)]] as const);
  const b = bban();
  const check = String(98 - mod97(b + cc + '00')).padStart(2, '0');
  return cc + check + b;
};
const ssn = (r: R) => {
  let area = int(r, 1, 899);
  if (area === 666) area = 667;
  return String(area).padStart(3, '0') + String(int(r, 1, 99)).padStart(2, '0') + String(int(r, 1, 9999)).padStart(4, '0');
};
const nino = (r: R) => pick(r, ['AB', 'CE', 'JK', 'PR', 'SW', 'WX']) + chars(r, 6, DIGITS) + pick(r, ['A', 'B', 'C', 'D']);
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const group4 = (s: string, sep: string) => s.replace(/(.{4})(?=.)/g, `$1${sep}`);

interface Plant { rule: string; value: string; text: string }
const PLANTS: ((r: R) => Plant)[] = [
  (r) => { const v = card(r); return { rule: 'DLP_PAYMENT_CARD', value: v, text: `Card number ${group4(v, pick(r, [' ', '-', '']))}, expiry 0${int(r, 1, 9)}/2${int(r, 7, 9)}` }; },
  (r) => { const v = iban(r); return { rule: 'DLP_IBAN', value: v, text: `Please wire the deposit to IBAN ${pick(r, [v, group4(v, ' ')])}` }; },
  (r) => { const v = ssn(r); return { rule: 'DLP_US_SSN', value: v, text: pick(r, [`New hire SSN ${v.slice(0, 3)}-${v.slice(3, 5)}-${v.slice(5)}`, `SSN: ${v}`]) }; },
  (r) => { const v = nino(r); return { rule: 'DLP_UK_NINO', value: v, text: `NI number ${v.slice(0, 2)} ${v.slice(2, 4)} ${v.slice(4, 6)} ${v.slice(6, 8)} ${v.slice(8)}` }; },
  (r) => { const v = pick(r, ['AKIA', 'ASIA']) + chars(r, 16, UPPER + DIGITS); return { rule: 'DLP_AWS_ACCESS_KEY', value: v, text: `aws_access_key_id = ${v}` }; },
  (r) => { const v = chars(r, 40, ALNUM + '/+'); return { rule: 'DLP_AWS_SECRET_KEY', value: v, text: `aws_secret_access_key = ${v}` }; },
  (r) => { const v = chars(r, 64, ALNUM); return { rule: 'DLP_PRIVATE_KEY', value: v, text: `-----BEGIN ${pick(r, ['RSA ', 'OPENSSH ', 'EC ', ''])}PRIVATE KEY-----\n${v}\n-----END PRIVATE KEY-----` }; },
  (r) => { const v = pick(r, [() => 'ghp_' + chars(r, 36, ALNUM), () => 'xoxb-' + chars(r, 12, DIGITS) + '-' + chars(r, 24, ALNUM), () => 'AIza' + chars(r, 35, ALNUM + '_-')])(); return { rule: 'DLP_ACCESS_TOKEN', value: v, text: `here is the token: ${v} (rotate it after)` }; },
  (r) => { const v = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: chars(r, 8, DIGITS), name: 'Jo' })}.${chars(r, 43, ALNUM + '_-')}`; return { rule: 'DLP_JWT', value: v, text: `Authorization: Bearer ${v}` }; },
  (r) => { const pw = chars(r, 14, ALNUM); const v = `${pick(r, ['postgres', 'mysql', 'mongodb+srv', 'redis'])}://svc:${pw}@db${int(r, 1, 9)}.corp.example:5432/app`; return { rule: 'DLP_CONNECTION_STRING', value: pw, text: `DATABASE_URL=${v}` }; },
];

/** Look-alikes that must NOT fire. */
const DECOYS: ((r: R) => string)[] = [
  (r) => { const c = card(r); return `Order ref ${c.slice(0, -1)}${(Number(c.at(-1)) + 1) % 10}`; },
  (r) => `USPS tracking 9400 ${chars(r, 4, DIGITS)} ${chars(r, 4, DIGITS)} ${chars(r, 4, DIGITS)} ${chars(r, 4, DIGITS)} ${chars(r, 2, DIGITS)}`,
  (r) => `Call me on +1 415-555-0${chars(r, 3, DIGITS)} or 020 7946 0${chars(r, 3, DIGITS)}`,
  (r) => `Invoice ${chars(r, 1, '123456789')}${chars(r, 8, DIGITS)} is attached`,
  (r) => { const v = iban(r); return `Old account ${v.slice(0, 2)}${(Number(v.slice(2, 4)) + 1) % 100 === 0 ? '01' : String((Number(v.slice(2, 4)) + 1) % 100).padStart(2, '0')}${v.slice(4)}`; },
  () => 'Sample SSN from the IRS form: 078-05-1120',
  () => 'From the AWS docs: AKIAIOSFODNN7EXAMPLE',
  () => 'Set DATABASE_URL=postgres://user:<password>@localhost/db in .env',
  () => '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
  (r) => `Meeting on 2026-${int(r, 10, 12)}-${int(r, 10, 28)} at 10:30, room 4${chars(r, 2, DIGITS)}`,
  (r) => `Version ${int(r, 1, 9)}.${int(r, 0, 20)}.${int(r, 0, 99)}, build ${chars(r, 12, DIGITS)}`,
];

const PROSE = ['Hi team,', 'Following up on our call.', 'Let me know if anything is missing.', 'Thanks, Sam', 'See the notes below.', 'Best regards'];

function mime(i: number, body: string, attachment: CarrierFile | null): Uint8Array {
  const head = `From: Sam Sender <sam@acme.example>\r\nTo: Pat <pat@partner.example>\r\nSubject: Update ${i}\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <dlp-${i}@acme.example>\r\nMIME-Version: 1.0\r\n`;
  if (!attachment) return new TextEncoder().encode(`${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
  const b = `b${i}`;
  const enc = Buffer.from(attachment.bytes).toString('base64').replace(/(.{76})/g, '$1\r\n');
  return new TextEncoder().encode(
    `${head}Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n` +
      `--${b}\r\nContent-Type: ${attachment.contentType}; name="${attachment.name}"\r\nContent-Disposition: attachment; filename="${attachment.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${enc}\r\n--${b}--\r\n`,
  );
}

const FILES = ['csv', 'pdf', 'docx', 'zip'] as const;

/**
 * `count` messages; about half carry one or two sensitive values, two fifths of those inside an attachment
 * (CSV, PDF, Word, zip). A fifth of the clean ones attach a file holding look-alikes.
 */
export function generateDlpCorpus(count = 500, seed = 8): DlpSample[] {
  const r = rng(seed);
  const out: DlpSample[] = [];
  for (let i = 0; i < count; i++) {
    const plants = r() < 0.5 ? Array.from({ length: int(r, 1, 2) }, () => pick(r, PLANTS)(r)) : [];
    const decoys = Array.from({ length: int(r, 0, 2) }, () => pick(r, DECOYS)(r));
    const lines = [pick(r, PROSE), pick(r, PROSE)];
    let attachment: CarrierFile | null = null;
    let carrier: Carrier = 'body';
    if (plants.length && r() < 0.4) {
      carrier = pick(r, FILES);
      attachment = carrierFile(carrier, i, plants.map((p) => p.text));
      lines.splice(1, 0, ...decoys);
    } else if (!plants.length && decoys.length && r() < 0.2) {
      carrier = pick(r, FILES);
      attachment = carrierFile(carrier, i, decoys);
    } else {
      lines.splice(1, 0, ...plants.map((p) => p.text), ...decoys);
    }
    out.push({ id: i, raw: mime(i, lines.join('\r\n'), attachment), expected: [...new Set(plants.map((p) => p.rule))], planted: plants.map((p) => p.value), carrier });
  }
  return out;
}
