/**
 * A call inside a nested lambda that reads only an enclosing item (`strings.concat(..email.local_part)` in a loop
 * over links) is computed once per outer item (compile.ts `memoiseOnOuterItem`). Each expression is checked
 * against a spelling whose call also reads the current item (so it is never memoised that way), on one
 * environment shared by all expressions as rules share it, with several outer items, repeated items, and the
 * same call under different outer lists.
 */
import { describe, expect, it } from 'vitest';
import { compileMql } from '../../../../src/engine/rules/compile.ts';
import { outerItemDepth } from '../../../../src/engine/rules/item-deps.ts';
import { parseMql } from '../../../../src/engine/rules/parser.ts';
import { link, mailbox, makeModel } from '../../../helpers/model-factory.ts';
import { makeEnv } from './eval-helper.ts';

const model = makeModel({
  sender: mailbox('billing@paypal.com', 'PayPal'),
  recipients: { to: [mailbox('bob@acme.com', 'Bob'), mailbox('carol@acme.com', 'Carol'), mailbox('bob@acme.com', 'Bob again')], cc: [mailbox('dave@corp.example', 'Dave')], bcc: [] },
  body: {
    links: [link('https://evil.example/login?u=carol', 'carol'), link('https://x.example/{bob@acme.com}', 'bob'), link('http://1.2.3.4/a', null)],
  },
} as never);

/** Never memoised per outer item: a leading `coalesce(.nothing, "")` (empty) makes the call read the current item too. */
const general = (src: string) => src.replaceAll('strings.concat(', 'strings.concat(coalesce(.nothing, ""), ');

const CALLS = [
  'any(recipients.to, any(body.links, strings.icontains(.href_url.url, strings.concat(..email.local_part))))',
  'any(recipients.to, all(body.links, strings.icontains(.href_url.url, strings.concat(..email.local_part))))',
  'map(recipients.to, length(filter(body.links, strings.icontains(.href_url.url, strings.concat("{", ..email.email, "}")))))',
  'map(recipients.cc, length(filter(body.links, strings.icontains(.href_url.url, strings.concat(..email.local_part)))))',
  'map(recipients.to, map(body.links, .display_text == strings.concat(..email.local_part)))',
  'map(recipients.to, map(recipients.cc, map(body.links, strings.concat(...display_name, ..display_name))))',
  'map(recipients.to, map(body.links, strings.concat(..email.local_part, sender.display_name)))',
];

describe('per-outer-item memo', () => {
  it('gives the answers of the general path, on an environment shared by every expression', () => {
    const env = makeEnv({ model });
    const reference = makeEnv({ model });
    // Twice over, so later expressions meet slots filled by earlier ones (as rules do).
    for (const round of [1, 2]) {
      for (const src of CALLS) {
        env.stack.length = 0;
        reference.stack.length = 0;
        const fast = compileMql(parseMql(src)).fn(env);
        const slow = compileMql(parseMql(general(src))).fn(reference);
        expect(fast, `${src} (round ${round})`).toEqual(slow);
      }
    }
    // And the answers are the ones a reader expects, not merely the same on both paths.
    env.stack.length = 0;
    expect(compileMql(parseMql(CALLS[2]!)).fn(env)).toEqual([1, 0, 1]);
  });

  it('applies to calls reading one enclosing item only', () => {
    const call = (src: string) => {
      const node = parseMql(src);
      if (node.k !== 'call') throw new Error('not a call');
      return node.args[1]!;
    };
    // The inner lambda of `any(recipients.to, any(body.links, <call>))`, and the call in its body.
    const inner = call('any(recipients.to, any(body.links, strings.icontains(.href_url.url, strings.concat(..email.local_part))))');
    expect(outerItemDepth(inner)).toBeNull();
    if (inner.k !== 'call') throw new Error('not a call');
    const body = inner.args[1]!;
    if (body.k !== 'call') throw new Error('not a call');
    expect(outerItemDepth(body.args[1]!)).toBe(1);
    expect(outerItemDepth(body)).toBeNull();
    expect(outerItemDepth(parseMql('strings.concat(...display_name, ..display_name)'))).toBeNull();
    expect(outerItemDepth(parseMql('strings.concat(...display_name)'))).toBe(2);
    expect(outerItemDepth(parseMql('strings.concat(sender.display_name)'))).toBeNull();
    // An inner lambda binds its own `.`: only `..` inside it reaches out.
    expect(outerItemDepth(parseMql('any(body.links, .display_text == ..display_name)'))).toBeNull();
    expect(outerItemDepth(parseMql('any(body.links, .display_text == ...display_name)'))).toBe(1);
  });
});
