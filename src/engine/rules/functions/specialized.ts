/**
 * Call sites whose arguments after the first are all literals — `strings.icontains(body.current_thread.text,
 * "a", "b", …)`, `regex.icontains(subject.subject, '…')` — are specialised once, when the rule is compiled:
 * needles lower-cased, globs split, patterns compiled. Each specialisation answers exactly what the generic
 * function in strings.ts / regex-fns.ts answers for the same arguments (the tests run both side by side).
 */
import type { EvalEnv } from '../eval-env.ts';
import { lowerFold } from '../eval-env.ts';
import { compileRegex } from '../regex.ts';
import type { Value } from '../values.ts';
import { compileGlob } from './glob.ts';
import { mayMatch } from './regex-fns.ts';

/** The call with its literal arguments bound: only the first argument is left. */
export type Specialized = (subject: Value, env: EvalEnv) => Value;
export type Specializer = (literals: readonly Value[]) => Specialized;

type NeedleKind = 'includes' | 'starts' | 'ends' | 'glob';

function needles(kind: NeedleKind, fold: boolean): Specializer {
  return (literals) => {
    const ns = literals.filter((n): n is string => typeof n === 'string').map((n) => (fold ? lowerFold(n) : n));
    const globs = kind === 'glob' ? ns.map(compileGlob) : [];
    return (subject, env) => {
      if (typeof subject !== 'string') return null;
      const hay = fold ? env.lower(subject) : subject;
      switch (kind) {
        case 'includes':
          for (const n of ns) if (hay.includes(n)) return true;
          return false;
        case 'starts':
          for (const n of ns) if (hay.startsWith(n)) return true;
          return false;
        case 'ends':
          for (const n of ns) if (hay.endsWith(n)) return true;
          return false;
        default:
          for (const g of globs) if (g(hay)) return true;
          return false;
      }
    };
  };
}

function patterns(ignoreCase: boolean, whole: boolean): Specializer {
  return (literals) => {
    const res = literals.filter((p): p is string => typeof p === 'string').map((p) => compileRegex(p, ignoreCase));
    return (subject, env) => {
      if (typeof subject !== 'string') return null;
      for (const re of res) {
        if (!mayMatch(re, subject, env)) continue;
        if (whole ? re.matches(subject) : re.contains(subject)) return true;
      }
      return false;
    };
  };
}

function extract(ignoreCase: boolean): Specializer {
  return ([p]) => {
    if (typeof p !== 'string') return () => null;
    const re = compileRegex(p, ignoreCase);
    return (subject, env) => (typeof subject !== 'string' ? null : mayMatch(re, subject, env) ? re.extract(subject) : []);
  };
}

function count(ignoreCase: boolean): Specializer {
  return (literals) => {
    const res = literals.filter((p): p is string => typeof p === 'string').map((p) => compileRegex(p, ignoreCase));
    return (subject, env) => {
      if (typeof subject !== 'string') return null;
      let n = 0;
      for (const re of res) if (mayMatch(re, subject, env)) n += re.extract(subject, 100_000).length;
      return n;
    };
  };
}

/** By function name; the compiler uses one when every argument after the first is a literal. */
export const SPECIALIZERS: Readonly<Record<string, Specializer>> = {
  'strings.contains': needles('includes', false),
  'strings.icontains': needles('includes', true),
  'strings.starts_with': needles('starts', false),
  'strings.istarts_with': needles('starts', true),
  'strings.ends_with': needles('ends', false),
  'strings.iends_with': needles('ends', true),
  'strings.like': needles('glob', false),
  'strings.ilike': needles('glob', true),
  'regex.contains': patterns(false, false),
  'regex.icontains': patterns(true, false),
  'regex.match': patterns(false, true),
  'regex.imatch': patterns(true, true),
  'regex.extract': extract(false),
  'regex.iextract': extract(true),
  'regex.count': count(false),
  'regex.icount': count(true),
};
