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
