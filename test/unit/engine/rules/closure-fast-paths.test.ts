/**
 * The compiler builds shorter closures for the commonest shapes: `and`/`or` of two operands, message paths one
 * or two deep, and `any`/`all` as plain loops. Each is checked against a spelling of the same expression that
 * takes the general path (three operands, a `coalesce` in front of the path, `filter`), over messages where the
 * fields are present, missing, empty or of other types; comparisons and memberships with literals ride along.
 * (Shorter closures for literal comparisons and memberships were tried too: measured slower, so not kept.)
 */
import { describe, expect, it } from 'vitest';
import { auth, link, mailbox, makeModel } from '../../../helpers/model-factory.ts';
import { evalMql } from './eval-helper.ts';

const MODELS = [
  makeModel(),
  makeModel({
    sender: mailbox('billing@PayPal.com', 'PayPal'),
    headers: { auth_summary: auth({ dmarc: 'pass', spf: 'fail' }), reply_to: [mailbox('x@gmail.com')] },
    body: {
      links: [link('https://bit.ly/x?domain=evil.com', 'click'), link('https://www.paypal.com/login', 'www.paypal.com'), link('http://1.2.3.4/a')],
    },
  }),
  makeModel({ sender: { display_name: null, email: { email: '', local_part: '', domain: null } } as never, body: { links: [] } }),
];

/** [fast form, general form] pairs: the same meaning, the second never on a fast path. */
const PAIRS: [string, string][] = [
  ['sender.display_name == "PayPal"', 'sender.display_name == strings.concat("PayPal")'],
  ['sender.display_name != "PayPal"', 'sender.display_name != strings.concat("PayPal")'],
  ['"PayPal" == sender.display_name', 'strings.concat("PayPal") == sender.display_name'],
  ['headers.auth_summary.dmarc.pass == true', 'headers.auth_summary.dmarc.pass == (1 == 1)'],
  ['headers.auth_summary.dmarc.pass != false', 'headers.auth_summary.dmarc.pass != (1 == 2)'],
  ['length(body.links) == 3', 'length(body.links) == 1 + 2'],
  ['length(body.links) != 0', 'length(body.links) != 1 - 1'],
  ['sender.email.domain.root_domain in ("paypal.com", "example.com")', 'sender.email.domain.root_domain in ("paypal.com", strings.concat("example.com"))'],
  ['sender.email.domain.root_domain not in ("paypal.com", "x.com")', 'sender.email.domain.root_domain not in ("paypal.com", strings.concat("x.com"))'],
  ['sender.email.domain.domain in~ ("PAYPAL.COM")', 'sender.email.domain.domain in~ (strings.concat("PAYPAL.COM"))'],
  ['sender.email.domain.domain', 'coalesce(sender.email.domain.domain)'],
  ['sender.email.domain.tld', 'coalesce(sender.email.domain.tld)'],
  ['sender.email.domain.domain.nothing.deeper', 'coalesce(sender.email.domain.domain.nothing.deeper)'],
  ['type', 'coalesce(type)'],
  ['headers.reply_to[0].email.domain.domain', 'coalesce(headers.reply_to[0]).email.domain.domain'],
  ['any(body.links, .href_url.domain.root_domain == "bit.ly")', 'length(filter(body.links, .href_url.domain.root_domain == "bit.ly")) > 0'],
  ['all(body.links, .href_url.scheme == "https")', 'length(filter(body.links, .href_url.scheme == "https")) == length(body.links)'],
  ['any(body.links, .href_url.query_params_decoded["domain"][0] == "evil.com")', 'length(filter(body.links, .href_url.query_params_decoded["domain"][0] == "evil.com")) > 0'],
  ['any(body.links, any(body.links, .href_url.url != ..href_url.url and .display_text == ..display_text))', 'length(filter(body.links, length(filter(body.links, .href_url.url != ..href_url.url and .display_text == ..display_text)) > 0)) > 0'],
  ['all(body.links, .display_text is not null or .href_url.domain.ip is not null)', 'length(filter(body.links, .display_text is not null or .href_url.domain.ip is not null)) == length(body.links)'],
  ['sender.display_name == "PayPal" and type.inbound', '(sender.display_name == "PayPal" and type.inbound and true)'],
  ['sender.display_name == "x" or type.inbound', '(sender.display_name == "x" or type.inbound or false)'],
  ['body.html.raw and true', '(body.html.raw and true and true)'],
  ['any(sender.nothing, true)', 'length(filter(sender.nothing, true)) > 0'],
];

describe('fast-path closures', () => {
  it.each(PAIRS)('%s answers as %s', (fast, general) => {
    for (const [i, model] of MODELS.entries()) {
      expect(evalMql(fast, { model }), `model ${i}`).toEqual(evalMql(general, { model }));
    }
  });

  it('keeps null semantics: comparisons with a missing field are false both ways, empty `all` is true', () => {
    const model = MODELS[2]!;
    expect(evalMql('sender.email.domain.domain == "x"', { model })).toBe(false);
    expect(evalMql('sender.email.domain.domain != "x"', { model })).toBe(false);
    expect(evalMql('sender.email.domain.domain in ("x")', { model })).toBe(false);
    expect(evalMql('sender.email.domain.domain not in ("x")', { model })).toBe(false);
    expect(evalMql('all(body.links, false)', { model })).toBe(true);
    expect(evalMql('any(body.links, true)', { model })).toBe(false);
    expect(evalMql('all(sender.nothing, true)', { model })).toBe(false);
  });
});
