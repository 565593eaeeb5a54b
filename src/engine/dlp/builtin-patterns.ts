import { cardIssuer, IBAN_LENGTH, ibanValid, luhnValid, ninoValid, ssnValid } from './checksums.ts';
import { maskAlnum, maskDigits, maskSecret } from './mask.ts';

/** One built-in kind of sensitive data: where to look, how to confirm a candidate, how to show it masked. */

const IBAN_SHAPE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b/g;

/**
 * Whether [start, end) lies inside a valid IBAN: the digit groups of a grouped IBAN ("FR39 9257 4577 7420 9371
 * 3472 353") can pass Luhn and an issuer range by chance; they are the IBAN's, not a card's.
 */
function insideIban(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 40);
  const window = text.slice(from, end + 40);
  for (const m of window.matchAll(IBAN_SHAPE)) {
    const s = from + m.index;
    if (s > start || s + m[0].length < end) continue;
    const compact = m[0].replace(/ /g, '');
    const len = IBAN_LENGTH[compact.slice(0, 2)];
    if (len && compact.length >= len && ibanValid(compact.slice(0, len))) return true;
  }
  return false;
}

const SSN_CUE = /\b(?:ssn|ss#|social security|taxpayer id|tin)\b/gi;

/** The last SSN cue in the 60 characters before `at`, on its line, followed by no digit up to `at`. */
function bareSsnCued(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 60), at);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  const cue = [...line.matchAll(SSN_CUE)].at(-1);
  return cue !== undefined && !/\d/.test(line.slice(cue.index + cue[0].length));
}
export interface BuiltinPattern {
  rule: string;
  /** Global regex for candidates; validators below reject look-alikes. Linear patterns only (no nested repeats). */
  re: RegExp;
  /** The confirmed value and its label, or null for a look-alike. */
  check(match: RegExpExecArray, text: string): { label: string; masked: string } | null;
}

const PLACEHOLDER_PASSWORD = /^(?:password|passw0rd|pass|pwd|secret|changeme|example|xxx+|\*+|<[^>]*>|\$\{?[\w.]+\}?|\{\{?[\w.]+\}?\}|%[\w]+%)$/i;

function decodesToJson(part: string): boolean {
  try {
    const json = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null;
  } catch {
    return false;
  }
}

export const BUILTIN_PATTERNS: readonly BuiltinPattern[] = [
  {
    rule: 'DLP_PAYMENT_CARD',
    re: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    check(m, text) {
      const d = m[0].replace(/\D/g, '');
      if (/^(\d)\1+$/.test(d) || !luhnValid(d)) return null;
      const issuer = cardIssuer(d);
      if (!issuer || insideIban(text, m.index, m.index + m[0].length)) return null;
      return { label: `${issuer} card`, masked: maskDigits(d) };
    },
  },
  {
    rule: 'DLP_IBAN',
    re: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b/g,
    check(m) {
      const compact = m[0].replace(/ /g, '');
      const len = IBAN_LENGTH[compact.slice(0, 2)];
      // The candidate may run into the next word: only the registry length for its country counts.
      if (!len || compact.length < len || !ibanValid(compact.slice(0, len))) return null;
      return { label: `${compact.slice(0, 2)} IBAN`, masked: maskAlnum(compact.slice(0, len), 2, 2) };
    },
  },
  {
    rule: 'DLP_US_SSN',
    re: /(?<![\d-])(?:\d{3}([- ])\d{2}\1\d{4}|\d{9})(?![\d-])/g,
    check(m, text) {
      const d = m[0].replace(/\D/g, '');
      if (!ssnValid(d)) return null;
      // A bare 9-digit number is an SSN only when the text says so just before it: on the same line, with no other
      // number in between ("SSN 078-05-1120" on one line does not make "Invoice 138412625" on the next an SSN).
      if (!m[1] && !bareSsnCued(text, m.index)) return null;
      return { label: 'US SSN', masked: maskDigits(d) };
    },
  },
  {
    rule: 'DLP_UK_NINO',
    re: /\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
    check: (m) => (ninoValid(m[0]) ? { label: 'UK NINO', masked: maskAlnum(m[0], 2, 1) } : null),
  },
  {
    rule: 'DLP_AWS_ACCESS_KEY',
    re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
    check: (m) => (/EXAMPLE$/.test(m[0]) ? null : { label: 'AWS access key id', masked: maskSecret(m[0], 4) }),
  },
  {
    rule: 'DLP_AWS_SECRET_KEY',
    re: /aws[\w ]{0,20}secret[\w ]{0,20}["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    check: (m) => (/EXAMPLEKEY/.test(m[1]!) ? null : { label: 'AWS secret access key', masked: maskSecret(m[1]!, 0) }),
  },
  {
    rule: 'DLP_PRIVATE_KEY',
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
    check: (m) => ({ label: m[0].slice(11, -5).toLowerCase(), masked: '-----BEGIN … PRIVATE KEY----- [key material withheld]' }),
  },
  {
    rule: 'DLP_ACCESS_TOKEN',
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}|xox[abprs]-[0-9A-Za-z-]{10,72}|AIza[0-9A-Za-z_-]{35}|sk_live_[0-9A-Za-z]{24,99})(?![\w-])/g,
    check(m) {
      const v = m[0];
      const label = v.startsWith('gh') || v.startsWith('github') ? 'GitHub token' : v.startsWith('xox') ? 'Slack token' : v.startsWith('AIza') ? 'Google API key' : 'Stripe secret key';
      return { label, masked: maskSecret(v, v.startsWith('github_pat_') ? 11 : v.startsWith('sk_live_') ? 8 : 4) };
    },
  },
  {
    rule: 'DLP_JWT',
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
    check(m) {
      const [h, p] = m[0].split('.');
      return decodesToJson(h!) && decodesToJson(p!) ? { label: 'JWT', masked: maskSecret(m[0], 3) } : null;
    },
  },
  {
    rule: 'DLP_CONNECTION_STRING',
    re: /\b(?:(postgres(?:ql)?|mysql|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver):\/\/[^\s:@/]+:([^\s@/]+)@[^\s/"'<>]+|(?:Server|Data Source)=[^;\r\n]+;[^\r\n]{0,200}?(?:Password|Pwd)=([^;\s"']+))/gi,
    check(m) {
      const password = m[2] ?? m[3] ?? '';
      if (PLACEHOLDER_PASSWORD.test(password)) return null;
      const scheme = m[1] ? m[1].toLowerCase() : 'ado.net';
      return { label: `${scheme} connection string`, masked: `${scheme}://…:${'*'.repeat(8)}@… [${m[0].length} chars]` };
    },
  },
];
