/**
 * Property fuzzing of the MQL lexer, parser and compiler, and of evaluation over a real model. A rule is operator
 * input, but rule packs are shared: any text must end as a tree or a typed error (MqlSyntaxError,
 * MqlCompileError, RegexError), never a stack overflow or a TypeError, and a compiled rule must evaluate.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileMql, MqlCompileError } from '../../src/engine/rules/compile.ts';
import { MqlSyntaxError } from '../../src/engine/rules/lexer.ts';
import { parseMql } from '../../src/engine/rules/parser.ts';
import { RegexError } from '../../src/engine/rules/re2-translate.ts';
import { evalMql } from '../unit/engine/rules/eval-helper.ts';

const TYPED = [MqlSyntaxError, MqlCompileError, RegexError];

/** Runs `fn`; returns 'ok' or the typed error's name, and rethrows anything untyped so the property fails. */
function typed(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (TYPED.some((T) => err instanceof T)) return (err as Error).name || 'typed';
    throw err;
  }
}

const VOCAB = [
  'type.inbound', 'sender.email.domain.root_domain', 'sender.display_name', 'subject.subject', 'body.current_thread.text',
  'body.links', 'attachments', '.href_url.domain.domain', '.file_extension', '..sender', 'headers.hops', '$free_email_providers',
  'any(', 'all(', 'length(', 'regex.icontains(', 'strings.ilike(', 'strings.contains(', 'coalesce(', 'filter(', 'map(',
  'and', 'or', 'not', 'in', 'in~', 'is', 'null', 'true', 'false', '==', '!=', '<', '>=', '=~', '+', '-', '*', '/', '%',
  '(', ')', '[', ']', ',', '.', "'x'", "'(?i)pay.*pal'", "'[unclosed'", "'\\\\'", '"a"', '0', '3', '-1', '1e309', '2 of (',
];

describe('MQL under fuzzing', () => {
  it('any text lexes and parses to a tree or a MqlSyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (src) => {
        expect(['ok', 'MqlSyntaxError', 'MqlCompileError', 'RegexError', 'typed']).toContain(typed(() => compileMql(parseMql(src))));
      }),
      { numRuns: 2000 },
    );
  });

  it('token soup from the real vocabulary compiles and evaluates, or fails with a typed error', () => {
    let evaluated = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 25 }), (tokens) => {
        const src = tokens.join(' ');
        if (typed(() => parseMql(src)) !== 'ok') return;
        const outcome = typed(() => {
          const compiled = compileMql(parseMql(src));
          if (compiled.unsupported.size === 0) {
            evalMql(src);
            evaluated++;
          }
        });
        expect(outcome).toMatch(/^(ok|MqlCompileError|RegexError|typed|Error)$/);
      }),
      { numRuns: 3000 },
    );
    // The property is only meaningful if some soups were real rules.
    expect(evaluated).toBeGreaterThan(0);
  });

  it('pathological nesting (100,000 parentheses, not-chains, member chains) gives a tree or a typed error', () => {
    const deep = `${'('.repeat(100_000)}true${')'.repeat(100_000)}`;
    const nots = `${'not '.repeat(100_000)}true`;
    const members = `sender${'.x'.repeat(100_000)}`;
    const calls = `${'length('.repeat(50_000)}body.links${')'.repeat(50_000)}`;
    const unbalanced = '('.repeat(200_000);
    for (const src of [deep, nots, calls, unbalanced]) {
      expect(['MqlSyntaxError', 'MqlCompileError']).toContain(typed(() => compileMql(parseMql(src))));
    }
    // A 100,000-part field path is one token, not nesting: it compiles.
    expect(typed(() => compileMql(parseMql(members)))).toBe('ok');
    // A long flat chain is not nesting: it parses, compiles and evaluates.
    expect(evalMql(`${'true and '.repeat(50_000)}true`)).toBe(true);
    expect(evalMql(`${'false or '.repeat(50_000)}true`)).toBe(true);
    // Legitimate look-alike: ordinary nesting still parses and evaluates.
    expect(evalMql("not (length(body.links) > 0 and (subject.subject == 'x' or true))")).toBe(true);
  });
});
