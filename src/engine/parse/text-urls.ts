/**
 * URLs written in free text: explicit schemes (also the defanged hxxp), `www.` hosts, and bare host names
 * ending in a real TLD (`login-verify.top/x`). One linear regex pass; this replaced linkify-it, whose
 * Unicode-wide regex cost more than the rest of the text handling together.
 */

/** Country codes (two letters), the classic generic TLDs, and the newer ones phishing uses. */
const CC = [
  'a[cdefgilmoqrstuwxz]', 'b[abdefghijmnorstvwyz]', 'c[acdfghiklmnoruvwxyz]', 'd[ejkmoz]', 'e[cegrstu]', 'f[ijkmor]',
  'g[abdefghilmnpqrstuwy]', 'h[kmnrtu]', 'i[delmnoqrst]', 'j[emop]', 'k[eghimnprwyz]', 'l[abcikrstuvy]',
  'm[acdeghklmnopqrstuvwxyz]', 'n[acefgilopruz]', 'om', 'p[aefghklmnrstwy]', 'qa', 'r[eosuw]', 's[abcdeghijklmnortuvxyz]',
  't[cdfghjklmnortvwz]', 'u[agksyz]', 'v[aceginu]', 'w[fs]', 'y[et]', 'z[amw]',
];
const GENERIC = (
  'com net org edu gov mil int biz info name pro aero asia coop museum mobi tel travel jobs cat xxx shop top xyz ' +
  'online site club app dev live store link click icu buzz cyou cfd sbs rest bond vip win work life today tech space ' +
  'website fun host press cloud email digital network one world ltd group page support services solutions center ' +
  'company agency business finance bank money loan media news blog io ai'
).split(' ');
const TLD = `(?:${[...GENERIC.sort((a, b) => b.length - a.length), ...CC].join('|')})`;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const TAIL = `[^\\s<>"'\`{}|\\\\^]*`;
// Host-name matches start only where a token starts (not after a letter, digit, dot, hyphen or @), so a long
// dotted or hyphenated run is tried once, not at every boundary inside it: the scan stays linear.
const TOKEN_START = '(?<![a-z0-9._@/-])';
const URL_RE = new RegExp(
  `\\b(?:https?|hxxps?|ftp):\\/\\/${TAIL}` +
    `|${TOKEN_START}www\\.${LABEL}(?:\\.${LABEL})+${TAIL}` +
    `|${TOKEN_START}(?:\\d{1,3}\\.){3}\\d{1,3}[/:]${TAIL}` +
    `|${TOKEN_START}(?:${LABEL}\\.){1,8}${TLD}(?![a-z0-9-])(?:[/?#:]${TAIL})?`,
  'gi',
);
const TRAILING = /[.,;:!?'")\]}>*]+$/;

export interface TextUrl {
  /** The URL with a scheme (`http://` added to bare hosts). */
  url: string;
  /** As written. */
  raw: string;
  index: number;
}

/** URLs in order of appearance, at most `max`; e-mail addresses are not URLs. */
export function findTextUrls(text: string, max: number): TextUrl[] {
  const out: TextUrl[] = [];
  if (max <= 0 || text.length === 0) return out;
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m !== null; m = URL_RE.exec(text)) {
    const prev = m.index > 0 ? text[m.index - 1] : '';
    if (prev === '@' || prev === '.' || prev === '-' || prev === '/') continue;
    const raw = trimTrailing(m[0]);
    if (raw.length < 4) continue;
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
    out.push({ url, raw, index: m.index });
    if (out.length >= max) break;
  }
  return out;
}

/** Trailing punctuation ends a sentence, not the URL; a closing bracket stays when the URL opened one. */
function trimTrailing(s: string): string {
  const t = s.replace(TRAILING, '');
  const closing = s.slice(t.length);
  if (closing.startsWith(')') && t.includes('(')) return t + ')';
  return t;
}
