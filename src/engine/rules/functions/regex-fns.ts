/**
 * `regex.*`: RE2 patterns (see ../regex.ts). `contains` finds any pattern anywhere, `match` needs a pattern to
 * cover the whole string, `extract` lists matches with groups, `count` counts them. The `i` forms ignore case.
 */
import type { EvalEnv } from '../eval-env.ts';
import { compileRegex, type CompiledRegex } from '../regex.ts';
import { str, type Value } from '../values.ts';

/** Below this length running the pattern is as cheap as the literal check. */
const PREFILTER_MIN = 256;

/** False when the input cannot match: it lacks every one of the pattern's required literals. */
export function mayMatch(re: CompiledRegex, s: string, env: EvalEnv): boolean {
  if (re.literals === null || s.length < PREFILTER_MIN) return true;
  const lower = env.lower(s);
  for (const l of re.literals) if (lower.includes(l)) return true;
  return false;
}
import type { FnTable } from './types.ts';

function anyPattern(ignoreCase: boolean, whole: boolean) {
  return (args: Value[], env: EvalEnv): Value => {
    const s = str(args[0]);
    if (s === null) return null;
    for (let i = 1; i < args.length; i++) {
      const p = str(args[i]);
      if (p === null) continue;
      const re = compileRegex(p, ignoreCase);
      if (!mayMatch(re, s, env)) continue;
      if (whole ? re.matches(s) : re.contains(s)) return true;
    }
    return false;
  };
}

function extract(ignoreCase: boolean) {
  return ([s, p]: Value[], env: EvalEnv): Value => {
    if (typeof s !== 'string' || typeof p !== 'string') return null;
    const re = compileRegex(p, ignoreCase);
    return mayMatch(re, s, env) ? re.extract(s) : [];
  };
}

function countAll(ignoreCase: boolean) {
  return (args: Value[], env: EvalEnv): Value => {
    const s = str(args[0]);
    if (s === null) return null;
    let n = 0;
    for (let i = 1; i < args.length; i++) {
      const p = str(args[i]);
      if (p === null) continue;
      const re = compileRegex(p, ignoreCase);
      if (mayMatch(re, s, env)) n += re.extract(s, 100_000).length;
    }
    return n;
  };
}

export const REGEX_FUNCTIONS: FnTable = {
  'regex.contains': { minArgs: 2, patternsFrom: 1, call: anyPattern(false, false) },
  'regex.icontains': { minArgs: 2, patternsFrom: 1, call: anyPattern(true, false) },
  'regex.match': { minArgs: 2, patternsFrom: 1, call: anyPattern(false, true) },
  'regex.imatch': { minArgs: 2, patternsFrom: 1, call: anyPattern(true, true) },
  'regex.extract': { minArgs: 2, maxArgs: 2, patternsFrom: 1, call: extract(false) },
  'regex.iextract': { minArgs: 2, maxArgs: 2, patternsFrom: 1, call: extract(true) },
  'regex.count': { minArgs: 2, patternsFrom: 1, call: countAll(false) },
  'regex.icount': { minArgs: 2, patternsFrom: 1, call: countAll(true) },
};
