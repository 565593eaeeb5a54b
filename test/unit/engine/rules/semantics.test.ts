import { describe, expect, it } from 'vitest';
import { listSource } from '../../../helpers/list-source.ts';
import { link, mailbox, makeModel } from '../../../helpers/model-factory.ts';
import { evalMql } from './eval-helper.ts';

const model = makeModel({
  sender: mailbox('Billing@PayPaI-Secure.com', 'PayPal Service'),
  subject: { subject: 'RE: Your Invoice', base: 'Your Invoice', is_reply: true, is_forward: false },
  body: {
    current_thread: { text: 'Please VERIFY your account now', links: [] },
    links: [link('https://bit.ly/abc', 'click here'), link('https://www.paypal.com/login', 'www.paypal.com')],
  },
  headers: { reply_to: [mailbox('pay.ment@gmail.com')] },
});

describe('MQL null semantics', () => {
  it('a missing field is null, and comparisons with null are false both ways', () => {
    expect(evalMql('body.html.raw', { model })).toBeNull();
    expect(evalMql('body.html.raw == "x"', { model })).toBe(false);
    expect(evalMql('body.html.raw != "x"', { model })).toBe(false);
    expect(evalMql('headers.return_path.domain.root_domain < "m"', { model })).toBe(false);
    expect(evalMql('sender.no_such_field is null', { model })).toBe(true);
    expect(evalMql('sender.display_name is not null', { model })).toBe(true);
    // A literal null on one side reads as `is null` / `is not null`.
    expect(evalMql('body.html.raw == null', { model })).toBe(true);
    expect(evalMql('sender.display_name != null', { model })).toBe(true);
    expect(evalMql('sender.display_name == null', { model })).toBe(false);
  });

  it('null is false in a boolean position, so `not null` holds', () => {
    expect(evalMql('body.html.raw and true', { model })).toBe(false);
    expect(evalMql('not body.html.raw', { model })).toBe(true);
    expect(evalMql('not strings.icontains(body.html.raw, "x")', { model })).toBe(true);
  });

  it('functions and membership over null give null / false', () => {
    expect(evalMql('strings.icontains(body.html.raw, "x")', { model })).toBeNull();
    expect(evalMql('length(body.html.raw)', { model })).toBeNull();
    expect(evalMql('body.html.raw in ("a", "b")', { model })).toBe(false);
    expect(evalMql('body.html.raw not in ("a", "b")', { model })).toBe(false);
    expect(evalMql('any(body.html.links, true)', { model })).toBe(false);
    expect(evalMql('coalesce(body.html.raw, sender.display_name)', { model })).toBe('PayPal Service');
  });
});

describe('MQL case sensitivity', () => {
  it('== and in are exact; =~ and in~ ignore case; !~ is their negation', () => {
    expect(evalMql('sender.display_name == "paypal service"', { model })).toBe(false);
    expect(evalMql('sender.display_name =~ "paypal service"', { model })).toBe(true);
    expect(evalMql('sender.display_name !~ "PAYPAL SERVICE"', { model })).toBe(false);
    expect(evalMql('sender.display_name in ("paypal service")', { model })).toBe(false);
    expect(evalMql('sender.display_name in~ ("paypal service")', { model })).toBe(true);
    expect(evalMql('sender.display_name not in~ ("PayPal")', { model })).toBe(true);
  });

  it('strings.i* ignore case and their plain forms do not', () => {
    expect(evalMql('strings.icontains(body.current_thread.text, "verify your")', { model })).toBe(true);
    expect(evalMql('strings.contains(body.current_thread.text, "verify your")', { model })).toBe(false);
    expect(evalMql('strings.ilike(subject.subject, "re:*invoice")', { model })).toBe(true);
    expect(evalMql('strings.like(subject.subject, "re:*invoice")', { model })).toBe(false);
    expect(evalMql('strings.istarts_with(subject.subject, "re:", "fw:")', { model })).toBe(true);
  });

  it('$lists match regardless of the case of the value', () => {
    const lists = listSource({ free_email_providers: ['gmail.com'] });
    expect(evalMql('headers.reply_to[0].email.domain.root_domain in $free_email_providers', { model, lists })).toBe(true);
    expect(evalMql('sender.email.domain.root_domain in $free_email_providers', { model, lists })).toBe(false);
    expect(evalMql('"GMAIL.com" in~ $free_email_providers', { model, lists })).toBe(true);
    expect(evalMql('"x.com" in $no_such_list', { model, lists })).toBe(false);
    expect(evalMql('"acme.com" in $org_domains', { model, lists })).toBe(true);
    expect(evalMql('any($org_vips, .display_name == "Jane Doe")', { model, lists })).toBe(true);
  });
});

describe('MQL lambdas', () => {
  it('any / all / filter / map bind `.` to each element', () => {
    expect(evalMql('any(body.links, .href_url.domain.root_domain == "bit.ly")', { model })).toBe(true);
    expect(evalMql('all(body.links, .href_url.domain.root_domain == "bit.ly")', { model })).toBe(false);
    expect(evalMql('length(filter(body.links, .display_text is not null)) == 2', { model })).toBe(true);
    expect(evalMql('map(body.links, .href_url.domain.root_domain)', { model })).toEqual(['bit.ly', 'paypal.com']);
    expect(evalMql('all(attachments, .size > 10)', { model })).toBe(true);
  });

  it('`..` reaches the enclosing element', () => {
    const m = makeModel({ recipients: { to: [mailbox('a@x.com')], cc: [mailbox('A@x.com'), mailbox('b@y.com')], bcc: [] } });
    expect(evalMql('any(recipients.to, any(recipients.cc, .email.email == ..email.email))', { model: m })).toBe(true);
    expect(evalMql('any(recipients.to, any(recipients.cc, .email.domain.domain == "y.com" and ..email.domain.domain == "y.com"))', { model: m })).toBe(false);
  });

  it('distinct counts unique keys; N of counts the conditions that hold', () => {
    expect(evalMql('length(distinct(body.links, .parser)) == 1', { model })).toBe(true);
    expect(evalMql('2 of (sender.display_name =~ "paypal service", subject.is_reply, false)', { model })).toBe(true);
    expect(evalMql('3 of (sender.display_name =~ "paypal service", subject.is_reply, false)', { model })).toBe(false);
  });

  it('memoised calls give each lambda item its own answer', () => {
    // Same source twice: once message-level (memoised), once per item (must not reuse the memo).
    const src =
      'strings.icontains(sender.display_name, "paypal") and any(body.links, strings.icontains(.href_url.url, "bit"))' +
      ' and not all(body.links, strings.icontains(.href_url.url, "bit"))';
    expect(evalMql(src, { model })).toBe(true);
  });
});

describe('MQL functions', () => {
  it('regex functions: contains, whole-string match, extract with named groups, count', () => {
    expect(evalMql("regex.icontains(body.current_thread.text, 'verify\\s+your\\s+acc(?:ount)?')", { model })).toBe(true);
    expect(evalMql("regex.contains(body.current_thread.text, 'verify')", { model })).toBe(false);
    expect(evalMql("regex.imatch(subject.subject, 're: .*')", { model })).toBe(true);
    expect(evalMql("regex.imatch(subject.subject, 'invoice')", { model })).toBe(false);
    expect(evalMql("regex.extract(subject.subject, '(?P<kind>Invoice)')[0].named_groups['kind']", { model })).toBe('Invoice');
    expect(evalMql("regex.icount(body.current_thread.text, 'o')", { model })).toBe(3);
  });

  it('levenshtein, confusables, url and email parsing', () => {
    expect(evalMql('strings.ilevenshtein(sender.email.domain.sld, "paypal-secure")', { model })).toBe(1);
    expect(evalMql('strings.replace_confusables("раураl") == "paypal"')).toBe(true);
    expect(evalMql('strings.parse_url("https://a.b.example.co.uk/x?y=1").domain.root_domain')).toBe('example.co.uk');
    expect(evalMql('strings.parse_email("Bob@Example.com").domain.domain')).toBe('example.com');
    expect(evalMql('strings.parse_url("https://x.com/?u=a&u=b").query_params_decoded["u"]')).toEqual(['a', 'b']);
  });

  it('profile fields are null without a sender history, and read from it when present', () => {
    expect(evalMql('profile.by_sender().prevalence', { model })).toBeNull();
    expect(evalMql('not profile.by_sender().solicited', { model })).toBe(true);
    const profile = { ...evalProfile(), prevalence: 'new' as const, solicited: false };
    expect(evalMql('profile.by_sender().prevalence in ("new", "outlier")', { model, profile })).toBe(true);
  });
});

function evalProfile() {
  return evalMql('profile.by_sender()') as import('../../../../src/engine/rules/eval-env.ts').ProfileView;
}
