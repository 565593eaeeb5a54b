import { describe, expect, it } from 'vitest';
import { buildEml } from '../../../helpers/build-eml.ts';
import { parse } from './parse-helper.ts';

describe('body: html rendering, links, threads', () => {
  it('drops hidden elements from display_text but keeps them in inner_text', async () => {
    const html =
      '<html><head><title>t</title><style>p{color:red}</style></head><body><p>Your account is locked.</p>' +
      '<div style="display:none">invoice receipt newsletter</div><span style="font-size:0px">zz</span>' +
      '<p hidden>secret</p><div style="height:0;overflow:hidden">tiny</div><p>Thanks</p></body></html>';
    const m = await parse(buildEml({ html }));
    expect(m.body.html!.display_text).toBe('Your account is locked.\n\nThanks');
    expect(m.body.html!.inner_text).toContain('invoice receipt newsletter');
    expect(m.body.html!.inner_text).toContain('secret');
    expect(m.body.html!.inner_text).not.toContain('color:red');
  });

  it('finds html links with display text and flags a shown-URL mismatch', async () => {
    const html =
      '<p><a href="https://evil.example.ru/login">https://www.paypal.com/signin</a> ' +
      '<a href="https://www.paypal.com/help">www.paypal.com/help</a> <a href="https://x.example.com">Click here</a>' +
      '<map><area href="https://area.example.net/" alt="region"></map><span style="display:none"><a href="https://hidden.example/">h</a></span>' +
      '<form action="https://collect.example/post" method="POST"><input type="password" name="p"></form></p>';
    const m = await parse(buildEml({ html }));
    const [evil, good, click, area, hidden] = m.body.links;
    expect(evil).toMatchObject({ parser: 'html', display_text: 'https://www.paypal.com/signin', mismatched: true, visible: true });
    expect(evil!.href_url.domain.root_domain).toBe('example.ru');
    expect(evil!.display_url!.domain.root_domain).toBe('paypal.com');
    expect(good!.mismatched).toBe(false);
    expect(click).toMatchObject({ display_text: 'Click here', display_url: null, mismatched: false });
    expect(area!.href_url.domain.domain).toBe('area.example.net');
    expect(hidden!.visible).toBe(false);
    expect(m.body.links.length).toBe(5);
    expect(m.body.html!.forms).toEqual([{ action: 'https://collect.example/post', method: 'post', input_types: ['password'] }]);
  });

  it('finds links in plain text, including bare host names', async () => {
    const m = await parse(buildEml({ text: 'Verify at http://198.51.100.4/x or secure-login.top/verify and www.example.com.\nmail me: a@b.example' }));
    expect(m.body.links.map((l) => l.href_url.domain.domain)).toEqual(['198.51.100.4', 'secure-login.top', 'www.example.com']);
    expect(m.body.links.every((l) => l.parser === 'plain')).toBe(true);
    // Plain-text only: display text comes from the plain part.
    expect(m.body.html).toBeNull();
    expect(m.body.current_thread.text).toContain('Verify at');
  });

  it('splits the current thread from quoted replies', async () => {
    const text =
      'Please process the attached payment today.\n\nThanks\n\nOn Mon, Jan 1, 2024 at 9:00 AM John <john@example.com> wrote:\n> earlier\n> words\n';
    const m = await parse(buildEml({ text }));
    expect(m.body.current_thread.text).toBe('Please process the attached payment today.\n\nThanks');
    expect(m.body.previous_threads.length).toBe(1);
    expect(m.body.previous_threads[0]!.text).toMatch(/^On Mon/);
  });

  it('splits Outlook-style quoted headers and keeps links with their thread', async () => {
    const html =
      '<div>New note <a href="https://new.example.com/">here</a></div><div>-----Original Message-----</div>' +
      '<div>From: Jane</div><div>Sent: Monday</div><div>old <a href="https://old.example.com/">there</a></div>';
    const m = await parse(buildEml({ html }));
    expect(m.body.current_thread.text).toBe('New note here');
    expect(m.body.current_thread.links.map((l) => l.href_url.domain.domain)).toEqual(['new.example.com']);
    expect(m.body.previous_threads[0]!.links.map((l) => l.href_url.domain.domain)).toEqual(['old.example.com']);
    const fromSent = await parse(buildEml({ text: 'Top text\n\nFrom: Jane Doe <jane@example.com>\nSent: Monday, 1 January\nTo: me\nSubject: x\n\nold' }));
    expect(fromSent.body.current_thread.text).toBe('Top text');
  });

  it('splits "On ... wrote:" wrapped onto a second line, and in other languages', async () => {
    const wrapped = await parse(buildEml({ text: 'Hello\n\nOn Mon, Jan 1, 2024 at 9:00 AM John Smith <john@example.com>\nwrote:\n> hi' }));
    expect(wrapped.body.current_thread.text).toBe('Hello');
    const german = await parse(buildEml({ text: 'Bitte zahlen.\n\nAm 01.01.2024 um 09:00 schrieb Hans Meier <hans@example.de>:\n> alt' }));
    expect(german.body.current_thread.text).toBe('Bitte zahlen.');
  });

  it('does not split a message that only mentions "wrote" or "From:" in passing', async () => {
    const m = await parse(buildEml({ text: 'He wrote: hello.\nFrom: the team, with thanks.\nWe sent it yesterday.' }));
    expect(m.body.previous_threads).toEqual([]);
  });
});

describe('plain-text URL scanning', () => {
  it('finds schemes, www hosts, bare hosts with a real TLD and IPs with a path; not e-mail addresses or file names', async () => {
    const { findTextUrls } = await import('../../../../src/engine/parse/text-urls.ts');
    const text =
      'Visit https://a.example.com/x?y=1). Or www.paypal.com/signin, login-verify.top/verify! mail a@b.example.com; ' +
      'e.g. file.txt and node.js; hxxps://evil.example.ru/p (http://x.io/a_(b)) 198.51.100.4/x and version 1.2.3.4';
    expect(findTextUrls(text, 100).map((u) => u.raw)).toEqual([
      'https://a.example.com/x?y=1',
      'www.paypal.com/signin',
      'login-verify.top/verify',
      'hxxps://evil.example.ru/p',
      'http://x.io/a_(b)',
      '198.51.100.4/x',
    ]);
    expect(findTextUrls('see example.com', 100)[0]!.url).toBe('http://example.com');
  });

  it('tries a long dotted or hyphenated run once, so hostile text stays linear', async () => {
    const { findTextUrls } = await import('../../../../src/engine/parse/text-urls.ts');
    expect(findTextUrls('a.'.repeat(100_000), 10)).toEqual([]);
    expect(findTextUrls('aaaa-'.repeat(100_000), 10)).toEqual([]);
    expect(findTextUrls('x.top '.repeat(10_000), 10).length).toBe(10);
  });
});
