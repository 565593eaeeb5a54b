/**
 * The per-message memo (memo-slots.ts): identical item-independent calls across rules run once per message,
 * item-dependent ones run per item, nothing carries over to the next message, and rules compiled after a
 * message started evaluating (its slot array already made) still get correct, memoised answers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileMql } from '../../../../src/engine/rules/compile.ts';
import { FUNCTIONS } from '../../../../src/engine/rules/functions/index.ts';
import { parseMql } from '../../../../src/engine/rules/parser.ts';
import { link, makeModel } from '../../../helpers/model-factory.ts';
import { makeEnv } from './eval-helper.ts';

const compile = (src: string) => compileMql(parseMql(src));

const model = (subject: string, hrefs: string[] = []) =>
  makeModel({
    subject: { subject, base: subject, is_reply: false, is_forward: false },
    body: { links: hrefs.map((h) => link(h)) },
  });

describe('memo slots', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an identical call in two rules runs once per message, and again for the next message', () => {
    const confusables = vi.spyOn(FUNCTIONS['strings.replace_confusables']!, 'call');
    const a = compile('strings.replace_confusables(subject.subject) == "paypal"');
    const b = compile('strings.icontains(strings.replace_confusables(subject.subject), "pay")');
    const env1 = makeEnv({ model: model('pаypal') }); // Cyrillic а
    expect(a.fn(env1)).toBe(true);
    expect(b.fn(env1)).toBe(true);
    expect(confusables).toHaveBeenCalledTimes(1);
    // The next message has its own memo: its own answer, computed again.
    const env2 = makeEnv({ model: model('invoice') });
    expect(a.fn(env2)).toBe(false);
    expect(b.fn(env2)).toBe(false);
    expect(confusables).toHaveBeenCalledTimes(2);
  });

  it('a call that reads the lambda item is computed per item, never shared', () => {
    const rule = compile('map(body.links, strings.icontains(.href_url.url, "evil"))');
    const env = makeEnv({ model: model('x', ['https://evil.example/a', 'https://good.example/b', 'https://EVIL.example/c']) });
    expect(rule.fn(env)).toEqual([true, false, true]);
    const nested = compile('map(body.links, any(body.links, ..href_url.url == .href_url.url and strings.icontains(.href_url.url, "good")))');
    expect(nested.fn(env)).toEqual([false, true, false]);
  });

  it('null, false and empty answers are memoised as answers, not recomputed as misses', () => {
    const icontains = vi.spyOn(FUNCTIONS['strings.icontains']!, 'call');
    // Computed needles keep the generic function (and so the spy) on the path.
    const rules = ['strings.icontains(body.html.raw, strings.concat("a"))', 'strings.icontains(subject.subject, strings.concat("zzz"))'].map(compile);
    const env = makeEnv({ model: model('hello') });
    for (let i = 0; i < 3; i++) {
      expect(rules[0]!.fn(env)).toBeNull();
      expect(rules[1]!.fn(env)).toBe(false);
    }
    expect(icontains).toHaveBeenCalledTimes(2);
  });

  it('rules compiled after a message started evaluating get correct, memoised answers', () => {
    const first = compile('strings.icontains(subject.subject, "invoice")');
    const env = makeEnv({ model: model('Invoice 42 overdue', ['https://bit.ly/x']) });
    expect(first.fn(env)).toBe(true);
    const before = env.slots!.length;
    // New sub-expressions, never compiled before in this process: their slots lie past the array made above,
    // and nest memoised calls inside memoised calls (the inner one grows the array while the outer runs).
    const spy = vi.spyOn(FUNCTIONS['strings.replace_confusables']!, 'call');
    const later = compile(
      'strings.icontains(strings.replace_confusables(strings.concat(subject.subject, " late-rule-7f3a")), "late-rule") and any(body.links, .href_url.domain.root_domain == "bit.ly")',
    );
    expect(later.fn(env)).toBe(true);
    expect(env.slots!.length).toBeGreaterThan(before);
    expect(later.fn(env)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    // The earlier rule's answer is still there and still right.
    expect(first.fn(env)).toBe(true);
    const other = makeEnv({ model: model('hello') });
    expect(later.fn(other)).toBe(false);
    expect(first.fn(other)).toBe(false);
  });
});
