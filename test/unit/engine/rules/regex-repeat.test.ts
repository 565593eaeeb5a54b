/**
 * Patterns around a repeated group (`(?:<br\s*>\s*){30,}`) run on re2js only when the group's literal occurs
 * often enough (regex-repeat.ts). The answers must stay exactly re2js's own, and the slow engine must not run
 * on inputs with too few occurrences.
 */
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileRegex, regexWork } from '../../../../src/engine/rules/regex.ts';
import { requiredRepeat } from '../../../../src/engine/rules/regex-repeat.ts';

describe('requiredRepeat', () => {
  it('finds the repeated group and its literal in the shapes rules use', () => {
    expect(requiredRepeat('(?:<br\\s*/?\\s*>\\s*){30,}')).toEqual({ literal: '<br', times: 30 });
    expect(requiredRepeat('(?:<div[^>]*>\\s*<br\\s*/?\\s*>\\s*</div>\\s*){20,}')).toEqual({ literal: '</div>', times: 20 });
    expect(requiredRepeat('(?i)(?:<p>\\s*(?:&nbsp;|&#160;)\\s*</p>\\s*){10,}')).toEqual({ literal: '</p>', times: 10 });
    expect(requiredRepeat('x(?:abc\\s*){2,5}y(?:defg\\s+){3}')).toEqual({ literal: 'defg', times: 3 });
    expect(requiredRepeat('(?P<pad>\\.\\.\\.\\s*){4,}')).toEqual({ literal: '...', times: 4 });
  });

  it('gives nothing where no such condition holds for every match', () => {
    for (const p of [
      'a|(?:abc\\s*){3,}', // top-level alternation
      '(?:abc\\s*){1,}', // once is not a repeat
      '(?:abc\\s*){0,5}',
      '(?:abc|def){3,}', // no single literal in the group
      '(?:x\\s*){5,}', // literal too short
      '(?=abc){2}', // a look-around, not a group of text
      '[(](?:ab)', // a parenthesis in a class
      '\\((?:ab\\s){3,}', // an escaped one, and a 2-character literal
    ]) {
      expect(requiredRepeat(p), p).toBeNull();
    }
    expect(requiredRepeat('[)(](?:abc\\s*){3,}')).toEqual({ literal: 'abc', times: 3 });
  });
});

describe('re2js patterns with a repeated group', () => {
  const PATTERNS: [string, string, boolean][] = [
    // pattern, the repeated unit to build inputs from, ignore case
    ['(?:<br\\s*/?\\s*>\\s*){5,}', '<br/> ', false],
    ['(?:<br\\s*/?\\s*>\\s*){5,}', '<BR >\n', true],
    ['(?:<div[^>]*>\\s*<br\\s*/?\\s*>\\s*</div>\\s*){4,}', '<div class="x"><br></div>\n', false],
    ['(?i)(?:<p[^>]*>\\s*(?:&nbsp;|&#160;)\\s*</p>\\s*){3,}', '<P style="m">&nbsp;</P>', false],
  ];

  it('answer exactly as re2js alone, around the repeat count, with and without gaps', () => {
    let trues = 0;
    for (const [pattern, unit, ignoreCase] of PATTERNS) {
      const re = compileRegex(pattern, ignoreCase);
      expect(re.engine, pattern).toBe('re2js');
      const plain = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
      const times = requiredRepeat(pattern)!.times;
      for (let k = 0; k <= times + 2; k++) {
        for (const input of [
          'text ' + unit.repeat(k) + ' end',
          unit.repeat(k).toUpperCase(),
          // The literal often enough, but not as consecutive copies of the group.
          Array.from({ length: k }, () => unit).join('<hr>'),
        ]) {
          const want = plain.matcher(input).find();
          expect(re.contains(input), `${pattern} on ${JSON.stringify(input)}`).toBe(want);
          expect(re.extract(input).length, `${pattern} extract`).toBe(want ? 1 : 0);
          if (want) trues++;
        }
      }
    }
    expect(trues).toBeGreaterThan(5);
  });

  it('skip the linear-time engine when the literal occurs fewer times than the group must repeat', () => {
    const re = compileRegex('(?:<br\\s*/?\\s*>\\s*){30,}', false);
    const few = '<p>' + 'line<br>\n'.repeat(29) + '</p>'.repeat(2000);
    const before = regexWork.calls;
    expect(re.contains(few)).toBe(false);
    expect(regexWork.calls).toBe(before);
    expect(re.contains(few + '<br>'.repeat(30))).toBe(true);
    expect(regexWork.calls).toBe(before + 1);
  });
});
