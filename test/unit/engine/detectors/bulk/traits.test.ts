import { describe, expect, it } from 'vitest';
import type { BodyHtml } from '../../../../../src/core/message.ts';
import { fields, mailbox, makeModel } from '../../../../helpers/model-factory.ts';
import { textModel } from '../content/run-content.ts';
import { bulkFindings, bulkRules } from './run-bulk.ts';

function htmlModel(html: Partial<BodyHtml>, plain: string | null = null) {
  const body = { raw: html.raw ?? '', display_text: html.display_text ?? '', inner_text: html.inner_text ?? html.display_text ?? '' };
  return makeModel({ body: { html: body, plain: plain === null ? null : { raw: plain }, current_thread: { text: plain ?? body.display_text, links: [] } } });
}

describe('bulk detector: subject and body styling', () => {
  it('fires on shouting subjects, punctuation runs and emoji; not on a normal subject with an acronym', () => {
    expect(bulkRules(textModel('YOUR ACCOUNT WINNER NOTICE', 'Hi'))).toContain('SUBJECT_ALL_CAPS');
    expect(bulkRules(textModel('Act now!!! $$$', 'Hi'))).toContain('SUBJECT_EXCESSIVE_PUNCTUATION');
    expect(bulkFindings(textModel('🎰 Bonus 🎁', 'Hi')).find((f) => f.rule === 'SUBJECT_EMOJI')?.confidence).toBe(1);
    expect(bulkRules(textModel('Notes from the NASA and ESA meeting', 'Hi'))).toEqual([]);
  });

  it('fires on a random token in the subject, not on an order number or a product name', () => {
    expect(bulkRules(textModel('Aviso importante - verifiqueXJ34DNLwlN', 'Hi'))).toContain('SUBJECT_RANDOM_TOKEN');
    expect(bulkRules(textModel('Important update on wds2n6qqhl', 'Hi'))).toContain('SUBJECT_RANDOM_TOKEN');
    expect(bulkRules(textModel('Order 1234567890 shipped: MacBookPro14', 'Hi'))).toEqual([]);
    expect(bulkRules(textModel('Ticket INC0012345 resolved, see spamassassin-2.41cvs', 'Hi'))).toEqual([]);
  });

  it('combines three or more independent spam traits into one more finding', () => {
    const spam = bulkFindings(textModel('🎰🎁 FREE SPINS FOR YOU!!!', 'Claim 100 free spins, no deposit required, welcome bonus!'));
    expect(spam.find((f) => f.rule === 'SPAM_TRAITS_COMBINED')?.confidence).toBe(1);
    expect(bulkRules(textModel('Team offsite', 'Agenda attached; lunch is free for everyone.'))).not.toContain('SPAM_TRAITS_COMBINED');
  });

  it("fires on an email address in the subject, fully when it is the recipient's own", () => {
    const own = bulkFindings(textModel('bob@acme.com, your gift is ready', 'Hi')).find((f) => f.rule === 'SUBJECT_HAS_ADDRESS');
    expect(own?.confidence).toBe(1);
    expect(bulkFindings(textModel('maria@example.com: security warning draws threat', 'Hi')).find((f) => f.rule === 'SUBJECT_HAS_ADDRESS')?.confidence).toBe(0.5);
  });

  it('fires on subjects padded to hide a tag and on ADV: labels; not on a wrapped subject', () => {
    expect(bulkRules(textModel('Get out of debt quick!                 4179uKlj', 'Hi'))).toContain('SUBJECT_PADDING');
    expect(bulkRules(textModel('ADV: Free quote', 'Hi'))).toContain('SUBJECT_ADV_TAG');
    expect(bulkRules(textModel('[list] deleting duplicates before training?  good idea\tor not', 'Hi'))).toEqual([]);
    expect(bulkRules(textModel('[list] deleting duplicates before training?  good idea        or', 'Hi'))).toEqual([]);
  });

  it('fires on mathematical-bold styling', () => {
    expect(bulkRules(textModel('𝐘𝐎𝐔𝐑 𝐏𝐇𝐎𝐓𝐎𝐒', 'Hi'))).toContain('FANCY_UNICODE_TEXT');
    expect(bulkRules(textModel('Your photos', 'Hi'))).toEqual([]);
  });

  it('fires on dense emoji in a short body, not on one smiley', () => {
    expect(bulkRules(textModel('Hi', '🎉🎉🎁💰💰🔥🔥🎰 Win now'))).toContain('BODY_EMOJI_DENSE');
    expect(bulkRules(textModel('Hi', 'Thanks for the lovely dinner 😊 see you soon'))).toEqual([]);
  });

  it('fires on image-only HTML; not on an HTML letter with real text', () => {
    expect(bulkRules(htmlModel({ raw: '<a href="https://x.example"><img src="https://x.example/a.png"></a>', display_text: '' }))).toContain('HTML_MOSTLY_IMAGE');
    const letter = 'Dear members, the annual meeting takes place on 12 March in the main hall. Please bring your membership card and arrive by six. Dinner follows at eight; tell us about allergies.';
    expect(bulkRules(htmlModel({ raw: `<img src="logo.png"><p>${letter}</p>`, display_text: letter }, letter))).toEqual([]);
  });

  it('image-only HTML needs both the shown text and the plain part short; blank runs count as one character', () => {
    const img = '<img src="https://x.example/a.png">';
    const long = 'word '.repeat(40);
    const padded = `Sale   \n\n\t  today${' '.repeat(500)}`;
    expect(bulkRules(htmlModel({ raw: img, display_text: long }))).not.toContain('HTML_MOSTLY_IMAGE');
    expect(bulkRules(htmlModel({ raw: img, display_text: '' }, long))).not.toContain('HTML_MOSTLY_IMAGE');
    expect(bulkRules(htmlModel({ raw: '<p>no picture</p>', display_text: '' }))).not.toContain('HTML_MOSTLY_IMAGE');
    const found = bulkFindings(htmlModel({ raw: `${img}${img}`, display_text: padded }, padded)).find((f) => f.rule === 'HTML_MOSTLY_IMAGE');
    expect(found?.evidence).toBe('2 image(s) and 10 characters of text');
  });

  it('fires on random capital-and-digit tokens, not on hex queue ids', () => {
    const junk = Array.from({ length: 12 }, (_, i) => `QW${i}CZ7T8P${i}`).join(' ');
    expect(bulkRules(textModel('Hi', `Offer ${junk}`))).toContain('GIBBERISH_TOKENS');
    const ids = Array.from({ length: 12 }, (_, i) => `D03E543C3${i}`).join(' ');
    expect(bulkRules(textModel('Hi', `Queue ids ${ids}`))).toEqual([]);
  });
});

describe('bulk detector: templates and junk', () => {
  it('fires on unfilled merge fields, not on code braces or a plain bracketed word', () => {
    expect(bulkRules(textModel('RE: iPhone 13 Pro für {firstname}', 'Hi'))).toContain('UNFILLED_PLACEHOLDER');
    expect(bulkRules(textModel('New quote for [username]', 'Hi'))).toContain('UNFILLED_PLACEHOLDER');
    expect(bulkRules(textModel('Build fix', 'Use {config.timeout} and [optional] flags'))).toEqual([]);
  });

  it('fires on runs of random lower-case letters', () => {
    const junk = 'iabgabhakyergwtqveyhnpuyurswcxnpxzjotsmolc and mytncsnjohsjtnbwoxxxdyinwhpgpmmwwkhoce';
    expect(bulkRules(textModel('Hi', `Your balance ${junk}`))).toContain('GIBBERISH_TOKENS');
    expect(bulkRules(textModel('Hi', 'Donaudampfschifffahrt is a long German word.'))).toEqual([]);
  });
});

describe('bulk detector: abused sign-up forms', () => {
  it('fires when the account name of a login-details mail is an advert; not on a normal sign-up', () => {
    const ad = textModel('[Shop] Login Details', 'Username: www.xyz.blogspot.com - BINANCE 150 072 EURO\nTo set your password, visit the following address');
    expect(bulkRules(ad)).toContain('ACCOUNT_NAME_SPAM');
    const normal = textModel('[Shop] Login Details', 'Username: maria.k\nTo set your password, visit the following address');
    expect(bulkRules(normal)).toEqual([]);
    const howto = textModel('wget question', 'Try wget --mirror https://username:password@foobar.com/a/b/index.html');
    expect(bulkRules(howto)).toEqual([]);
  });
});

describe('bulk detector: headers', () => {
  it('fires on spam-kit mailers and random-token mailers; not on real mail clients', () => {
    expect(bulkRules(makeModel({ headers: { mailer: 'PHPMailer [version 1.73]' } }))).toContain('SPAM_MAILER');
    expect(bulkRules(makeModel({ headers: { mailer: 'tJbRg' } }))).toContain('MAILER_RANDOM_TOKEN');
    for (const mailer of ['Microsoft Outlook 16.0', 'Apple Mail (2.3654)', 'SquirrelMail', 'iPhone Mail (20A362)', 'PHPMailer 6.9.1']) {
      expect(bulkRules(makeModel({ headers: { mailer } }))).toEqual([]);
    }
  });

  it('fires on missing Date and Message-ID', () => {
    expect(bulkRules(makeModel({ headers: { date: null, message_id: null } }))).toEqual(expect.arrayContaining(['MISSING_DATE', 'MISSING_MESSAGE_ID']));
  });

  it('notes a Message-ID minted by an unrelated domain, not one from the sender or a big mail provider', () => {
    expect(bulkRules(makeModel({ headers: { message_id: '<abc@mailer.randomhost.example>' } }))).toContain('MESSAGE_ID_FOREIGN_DOMAIN');
    expect(bulkRules(makeModel({ headers: { message_id: '<abc@mx.example.com>' } }))).toEqual([]);
    expect(bulkRules(makeModel({ headers: { message_id: '<abc@mail.gmail.com>' } }))).toEqual([]);
  });

  it('fires on undisclosed or many recipients; not on a normal To list', () => {
    const none = makeModel({ recipients: { to: [], cc: [], bcc: [mailbox('x@acme.com')] } });
    expect(bulkRules(none)).toContain('UNDISCLOSED_RECIPIENTS');
    const many = makeModel({ recipients: { to: Array.from({ length: 20 }, (_, i) => mailbox(`u${i}@acme.com`)), cc: [], bcc: [] } });
    expect(bulkRules(many)).toContain('MANY_RECIPIENTS');
    const few = makeModel({ recipients: { to: [mailbox('a@acme.com'), mailbox('b@acme.com')], cc: [], bcc: [] } });
    expect(bulkRules(few)).toEqual([]);
  });

  it('fires on base64-only HTML, not on HTML with a plain alternative', () => {
    const b64 = htmlModel({ raw: '<p>Hello there, this is the whole letter with enough words to not be image-only at all, really.</p>', display_text: 'Hello there, this is the whole letter with enough words to not be image-only at all, really. More words follow here to pass the limit of text.' });
    const single = { ...b64, headers: { ...b64.headers, fields: fields([['Content-Type', 'text/html; charset=utf-8'], ['Content-Transfer-Encoding', 'base64']]) } };
    expect(bulkRules(single)).toContain('HTML_ONLY_BASE64');
    const alt = { ...single, body: { ...single.body, plain: { raw: 'Hello there' } } };
    expect(bulkRules(alt)).not.toContain('HTML_ONLY_BASE64');
  });
});
