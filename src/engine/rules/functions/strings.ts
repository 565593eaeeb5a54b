/** `strings.*`: text predicates and helpers. Case-insensitive forms lower-case through the per-message cache. */
import { createHash } from 'node:crypto';
import type { EvalEnv } from '../eval-env.ts';
import { isNull, str, type Value } from '../values.ts';
import { replaceConfusables } from './confusables.ts';
import { globMatch } from './glob.ts';
import { levenshtein } from './levenshtein.ts';
import type { FnTable } from './types.ts';
import { toDomain, toEmail, toUrl } from './url-parts.ts';

/** `f(s, a, b, …)`: true when the predicate holds for any of the needles; null when `s` is null. */
function anyNeedle(pred: (s: string, needle: string) => boolean, fold: boolean) {
  return (args: Value[], env: EvalEnv): Value => {
    const s = str(args[0]);
    if (s === null) return null;
    const hay = fold ? env.lower(s) : s;
    for (let i = 1; i < args.length; i++) {
      const n = str(args[i]);
      if (n !== null && pred(hay, fold ? env.lower(n) : n)) return true;
    }
    return false;
  };
}

function count(s: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + needle.length)) n++;
  return n;
}

function scanBase64(s: string, urlSafe: boolean, ignorePadding: boolean): string[] {
  const re = urlSafe ? /[A-Za-z0-9_-]{8,}={0,2}/g : /[A-Za-z0-9+/]{8,}={0,2}/g;
  const out: string[] = [];
  for (const m of s.matchAll(re)) {
    let chunk = m[0];
    if (chunk.length % 4 !== 0) {
      if (!ignorePadding) continue;
      chunk = chunk.replace(/=+$/, '');
    }
    const decoded = Buffer.from(chunk, urlSafe ? 'base64url' : 'base64').toString('utf8');
    if (decoded && !decoded.includes('\uFFFD')) out.push(decoded);
    if (out.length >= 100) break;
  }
  return out;
}

const MAX_LEVENSHTEIN = 512;

export const STRING_FUNCTIONS: FnTable = {
  'strings.contains': { minArgs: 2, call: anyNeedle((s, n) => s.includes(n), false) },
  'strings.icontains': { minArgs: 2, call: anyNeedle((s, n) => s.includes(n), true) },
  'strings.starts_with': { minArgs: 2, call: anyNeedle((s, n) => s.startsWith(n), false) },
  'strings.istarts_with': { minArgs: 2, call: anyNeedle((s, n) => s.startsWith(n), true) },
  'strings.ends_with': { minArgs: 2, call: anyNeedle((s, n) => s.endsWith(n), false) },
  'strings.iends_with': { minArgs: 2, call: anyNeedle((s, n) => s.endsWith(n), true) },
  'strings.like': { minArgs: 2, call: anyNeedle(globMatch, false) },
  'strings.ilike': { minArgs: 2, call: anyNeedle(globMatch, true) },
  'strings.count': { minArgs: 2, maxArgs: 2, call: ([s, n]) => (isNull(s) || isNull(n) ? null : count(String(s), String(n))) },
  'strings.icount': {
    minArgs: 2,
    maxArgs: 2,
    call: ([s, n], env) => (typeof s === 'string' && typeof n === 'string' ? count(env.lower(s), env.lower(n)) : null),
  },
  'strings.levenshtein': { minArgs: 2, maxArgs: 2, call: ([a, b]) => distance(a, b, false) },
  'strings.ilevenshtein': { minArgs: 2, maxArgs: 2, call: ([a, b]) => distance(a, b, true) },
  'strings.replace_confusables': { minArgs: 1, maxArgs: 1, call: ([s]) => (typeof s === 'string' ? replaceConfusables(s) : null) },
  'strings.concat': { minArgs: 1, call: (args) => args.map((a) => (isNull(a) ? '' : String(a))).join('') },
  'strings.parse_url': { minArgs: 1, maxArgs: 1, call: ([s]) => (typeof s === 'string' ? toUrl(s) : null) },
  'strings.parse_email': { minArgs: 1, maxArgs: 1, call: ([s]) => (typeof s === 'string' ? toEmail(s) : null) },
  'strings.parse_domain': { minArgs: 1, maxArgs: 1, call: ([s]) => (typeof s === 'string' && s ? toDomain(s) : null) },
  'strings.decode_base64': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s]) => (typeof s === 'string' ? Buffer.from(s, 'base64').toString('utf8') : null),
  },
  'strings.scan_base64': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s], _env, named) => (typeof s === 'string' ? scanBase64(s, named.format === 'url', named.ignore_padding === true) : null),
  },
  'beta.scan_base64': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s], _env, named) => (typeof s === 'string' ? scanBase64(s, named.format === 'url', named.ignore_padding === true) : null),
  },
  'strings.parse_json': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s]) => {
      if (typeof s !== 'string' || s.length > 1_000_000) return null;
      try {
        return JSON.parse(s) as Value;
      } catch {
        return null;
      }
    },
  },
  'hash.sha256': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s]) => (typeof s === 'string' ? createHash('sha256').update(s).digest('hex') : null),
  },
};

function distance(a: Value, b: Value, fold: boolean): Value {
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  // Quadratic in the lengths: long strings are never meant to be near-equal names, so they are not compared.
  if (a.length > MAX_LEVENSHTEIN || b.length > MAX_LEVENSHTEIN) return null;
  return fold ? levenshtein(a.toLowerCase(), b.toLowerCase()) : levenshtein(a, b);
}
