/**
 * The longest run of literal characters (3 or more) that every match must contain, or null. Only the top level
 * is read: groups, classes and escapes other than escaped punctuation end a run, an optional character is
 * dropped from it, and a top-level alternation means there is no such literal.
 */
export function requiredLiteral(pattern: string): string | null {
  let i = /^\(\?[imsU]+\)/.exec(pattern)?.[0].length ?? 0;
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '|') return null;
    if (c === '(' || c === '[') {
      end();
      const start = i;
      // Skip the whole group or class; a group may hold an alternation, but that is not top level.
      let depth = 0;
      for (; i < pattern.length; i++) {
        const d = pattern[i]!;
        if (d === '\\') i++;
        else if (c === '[' && d === ']' && depth === 0 && i > start + 1) break;
        else if (c === '(' && d === '(') depth++;
        else if (c === '(' && d === ')' && --depth === 0) break;
      }
      i++;
      // A group that must match at least once holds a literal every match contains too.
      const q = pattern[i] ?? '';
      if (c === '(' && q !== '?' && q !== '*' && !/^\{0[,}]/.test(pattern.slice(i))) {
        const inner = pattern.slice(start + 1, i - 1).replace(/^\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>)/, '');
        if (!inner.startsWith('?')) {
          const lit = requiredLiteral(inner);
          if (lit && lit.length > best.length) best = lit;
        }
      }
      continue;
    }
    if (c === '{') {
      end();
      const close = pattern.indexOf('}', i);
      i = close < 0 ? pattern.length : close + 1;
      continue;
    }
    let ch: string | null = null;
    let len = 1;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      len = 2;
      if (/[^A-Za-z0-9]/.test(n)) ch = n;
    } else if (!'.^$*+?{}'.includes(c)) ch = c;
    const q = pattern[i + len] ?? '';
    if (ch === null) end();
    else if (q === '?' || q === '*' || (q === '{' && /^\{0[,}]/.test(pattern.slice(i + len)))) end();
    else {
      run += ch;
      if (q === '+' || q === '{') end();
    }
    i += len;
  }
  end();
  return best.length >= 3 ? best : null;
}

/** Splits a pattern at its top-level `|` (outside groups, classes and escapes). */
function splitTopLevel(p: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') i++;
    else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (p[i + 1] === '^') i++;
      if (p[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(p.slice(from, i));
      from = i + 1;
    }
  }
  out.push(p.slice(from));
  return out;
}

const MAX_ALTERNATIVES = 16;

/**
 * Literals of which every match contains at least one (ASCII checks are the caller's), or null. Extends
 * `requiredLiteral` to alternations: `verify|confirm` gives both words, and a group that must match and holds
 * an alternation (`(?:wire|bank) transfer`) offers its words as a candidate alongside the plain runs; the
 * candidate whose shortest literal is longest wins. Each literal has 3 characters or more.
 */
export function requiredLiterals(pattern: string, maxAlternatives = MAX_ALTERNATIVES): string[] | null {
  const body = pattern.replace(/^\(\?[imsU]+\)/, '');
  const branches = splitTopLevel(body);
  if (branches.length > 1) {
    const all = new Set<string>();
    for (const b of branches) {
      const lits = requiredLiterals(b, maxAlternatives);
      if (!lits) return null;
      for (const l of lits) all.add(l);
    }
    return all.size <= maxAlternatives ? [...all] : null;
  }
  const candidates: string[][] = [];
  const single = requiredLiteral(body);
  if (single) candidates.push([single]);
  // Mandatory top-level groups with an alternation inside.
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      for (i++; i < body.length && body[i] !== ']'; i++) {
        if (body[i] === '\\') i++;
      }
      continue;
    }
    if (c !== '(') continue;
    const start = i;
    let depth = 0;
    for (; i < body.length; i++) {
      const d = body[i]!;
      if (d === '\\') {
        i++;
      } else if (d === '[') {
        for (i++; i < body.length && body[i] !== ']'; i++) {
          if (body[i] === '\\') i++;
        }
      } else if (d === '(') {
        depth++;
      } else if (d === ')' && --depth === 0) {
        break;
      }
    }
    const q = body[i + 1] ?? '';
    if (q === '?' || q === '*' || /^\{0[,}]/.test(body.slice(i + 1))) continue;
    const inner = body.slice(start + 1, i).replace(/^\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>)/, '');
    if (inner.startsWith('?') || splitTopLevel(inner).length < 2) continue;
    const lits = requiredLiterals(inner, maxAlternatives);
    if (lits) candidates.push(lits);
  }
  let best: string[] | null = null;
  const score = (ls: string[]) => Math.min(...ls.map((l) => l.length));
  for (const c of candidates) if (score(c) >= 3 && (!best || score(c) > score(best))) best = c;
  return best;
}
