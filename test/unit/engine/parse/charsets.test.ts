import { describe, expect, it } from 'vitest';
import { buildEml, encodedWord } from '../../../helpers/build-eml.ts';
import { parse } from './parse-helper.ts';

describe('parseMessage charsets and transfer encodings', () => {
  const cases: [string, string, 'base64' | 'quoted-printable' | '8bit'][] = [
    ['iso-8859-1', 'Grüße aus Köln, café', 'quoted-printable'],
    ['windows-1252', 'Price: €100 – “quoted”', 'quoted-printable'],
    ['koi8-r', 'Привет, ваш пароль истекает', 'base64'],
    ['shift_jis', 'パスワードの有効期限が切れます', 'base64'],
    ['utf-8', 'Ünïcödé ✓ 你好', 'base64'],
    ['utf-8', 'Ünïcödé ✓ 你好 over quoted-printable', 'quoted-printable'],
    ['iso-8859-1', 'Straße 8bit', '8bit'],
  ];
  for (const [charset, text, encoding] of cases) {
    it(`decodes ${charset} over ${encoding}`, async () => {
      const m = await parse(buildEml({ text, charset, encoding }));
      expect(m.body.plain?.raw?.trim()).toBe(text);
      expect(m.body.current_thread.text).toBe(text);
      expect(m.parse.warnings).toEqual([]);
    });
  }

  it('decodes html bodies in a legacy charset into display text', async () => {
    const m = await parse(buildEml({ html: '<p>Ваш <b>счёт</b> заблокирован</p>', charset: 'koi8-r', encoding: 'quoted-printable' }));
    expect(m.body.html?.display_text).toBe('Ваш счёт заблокирован');
  });

  it('decodes RFC 2047 subjects and display names in several charsets', async () => {
    const subject = `${encodedWord('Ihre Rechnung für', 'iso-8859-1')} ${encodedWord('März', 'utf-8')}`;
    const m = await parse(buildEml({ subject, from: `${encodedWord('Служба поддержки', 'koi8-r')} <help@example.ru>` }));
    expect(m.subject.subject).toBe('Ihre Rechnung fürMärz');
    expect(m.sender.display_name).toBe('Служба поддержки');
    expect(m.sender.email.email).toBe('help@example.ru');
  });

  it('decodes RFC 2231 file names', async () => {
    const raw = buildEml({
      text: 'see attached',
      attachments: [{ contentType: 'application/pdf', body: new Uint8Array([37, 80, 68, 70]), disposition: 'attachment' }],
    })
      .toString('latin1')
      .replace('Content-Disposition: attachment', "Content-Disposition: attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf");
    const m = await parse(Buffer.from(raw, 'latin1'));
    expect(m.attachments[0]!.file_name).toBe('Rechnung März.pdf');
    expect(m.attachments[0]!.file_extension).toBe('pdf');
  });
});
