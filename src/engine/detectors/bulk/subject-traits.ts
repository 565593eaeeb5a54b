import type { Finding } from '../../../core/verdict.ts';
import { quote } from '../content/normalize.ts';
import type { TextView } from '../content/text-view.ts';
import { finding } from './finding.ts';

const EMOJI_RE = /\p{Extended_Pictographic}/gu;
const ADDRESS_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
/** Mathematical alphanumerics, small capitals, enclosed and full-width letters: styling that dodges filters. */
const FANCY_RE = /[\u{1D400}-\u{1D7FF}\u1D00-\u1D2B\u0280\u0299\u029C\u029F\u026A\u0274\u028F\uA730\uA731\u24B6-\u24E9\u{1F130}-\u{1F189}\uFF21-\uFF3A\uFF41-\uFF5A]/gu;
const MAX_BODY_CHARS = 6_000;
/**
 * Real subjects are well under this; the address and padding regexes below backtrack quadratically on a long run
 * of word characters (a 100k-character subject took 40 s), so hostile subjects are read up to this length only.
 */
const MAX_SUBJECT_CHARS = 2_000;

/** Traits of the subject line and of the body's styling. */
export function subjectTraitFindings(view: TextView, recipients: ReadonlySet<string>): Finding[] {
  const subject = view.subjectRaw.slice(0, MAX_SUBJECT_CHARS);
  const out: Finding[] = [];
  const letters = subject.normalize('NFKC').replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  if (letters.length >= 12 && upper / letters.length > 0.8) out.push(finding('SUBJECT_ALL_CAPS', 1, `subject "${quote(subject)}"`));
  const bangs = subject.match(/!/g)?.length ?? 0;
  if (/[!?]{3,}|[$€£]{2,}/.test(subject) || bangs >= 3) out.push(finding('SUBJECT_EXCESSIVE_PUNCTUATION', 1, `subject "${quote(subject)}"`));
  const emoji = subject.match(EMOJI_RE)?.length ?? 0;
  if (emoji > 0) out.push(finding('SUBJECT_EMOJI', emoji >= 2 ? 1 : 0.6, `${emoji} emoji in the subject`));
  const address = ADDRESS_RE.exec(subject)?.[0];
  if (address) {
    const own = recipients.has(address.toLowerCase());
    out.push(finding('SUBJECT_HAS_ADDRESS', own ? 1 : 0.5, `subject quotes ${own ? "the recipient's address" : quote(address, 40)}`));
  }
  // Spam tools pad the subject so the tracking tag at its end falls out of view: "Great deal       OTQ".
  // The tag carries capitals or digits; a lower-case word after spaces is an unfolded header line.
  // Spaces only: a folded header line continues after a tab, and that is ordinary wrapping.
  const pad = /\S {6,}(?=\S*[A-Z0-9])\S{1,12}\s*$/.exec(subject);
  if (pad) out.push(finding('SUBJECT_PADDING', 1, 'long run of spaces inside the subject'));
  if (/^\s*(?:adv|adlt)\s*:/i.test(subject)) out.push(finding('SUBJECT_ADV_TAG', 1, `subject "${quote(subject, 30)}"`));
  const token = randomToken(subject);
  if (token) out.push(finding('SUBJECT_RANDOM_TOKEN', 1, `subject token "${quote(token, 24)}"`));
  const body = view.bodyRaw.slice(0, MAX_BODY_CHARS);
  const bodyEmoji = body.match(EMOJI_RE)?.length ?? 0;
  if (bodyEmoji >= 8 && bodyEmoji * 40 > body.length) out.push(finding('BODY_EMOJI_DENSE', 1, `${bodyEmoji} emoji in ${body.length} characters`));
  const fancySubject = subject.match(FANCY_RE)?.length ?? 0;
  const fancyBody = body.match(FANCY_RE)?.length ?? 0;
  if (fancySubject >= 3 || fancyBody >= 10) {
    out.push(finding('FANCY_UNICODE_TEXT', fancySubject >= 3 ? 1 : 0.8, `${fancySubject + fancyBody} styled letters such as "${quote(subject.match(FANCY_RE)?.slice(0, 8).join('') ?? body.match(FANCY_RE)?.slice(0, 8).join('') ?? '', 20)}"`));
  }
  return out;
}

/**
 * Spam kits append random strings to subjects so that no two copies match (`verifiqueXJ34DNLwlN`). Product
 * names and ids split into pronounceable pieces (`MacBook` `Pro` `14`); random strings mix in digits and hold a
 * run of three or more letters without a vowel (`DNL`, `Skh`). CamelCase code names (`PerMsgStatus`) have no digits.
 */
function randomToken(subject: string): string | null {
  for (const [token] of subject.matchAll(/(?<![A-Za-z0-9.-])[A-Za-z0-9]{10,}(?![A-Za-z0-9.-])/g)) {
    if (!/[a-z]/.test(token) || !/\d/.test(token)) continue;
    // All lower case needs two digits among the letters (`wds2n6qqhl`); mixed case needs one.
    if (!/[A-Z]/.test(token) && !/\d\D+\d/.test(token)) continue;
    const pieces = token.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
    if (pieces.some((p) => p.length >= 3 && !/[aeiouAEIOU]/.test(p))) return token;
  }
  return null;
}
