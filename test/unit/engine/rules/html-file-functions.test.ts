import { describe, expect, it } from 'vitest';
import type { Attachment, FileNode } from '../../../../src/core/message.ts';
import { parseXPath, XPathUnsupported } from '../../../../src/engine/rules/functions/xpath-parse.ts';
import { makeModel } from '../../../helpers/model-factory.ts';
import { evalMql } from './eval-helper.ts';

const HTML = `<html><head><title>Your Mailbox</title></head><body>
<!-- template: v2 -->
<div class="hdr" style="clip-path: inset(100%)">hidden filler text</div>
<table width="700"><tr><td class="itemDesc"><div>Item A</div><div>Item B</div></td></tr></table>
<a href="https://evil.example/login"><img src="https://cdn.example/logo.png" alt="Microsoft"></a>
<a href="#">Nothing</a>
</body></html>`;

const model = makeModel({ body: { html: { raw: HTML, display_text: null, inner_text: null } } });
const xp = (path: string, tail = '') => evalMql(`html.xpath(body.html, '${path}').nodes${tail}`, { model });

describe('html.xpath', () => {
  it('selects elements, attributes, text and comments', () => {
    expect(xp('//a', '')).toHaveLength(2);
    expect(xp('//img/@src', '[0].raw')).toBe('https://cdn.example/logo.png');
    expect(xp('//title', '[0].display_text')).toBe('Your Mailbox');
    expect(xp('//comment()', '[0].raw')).toBe(' template: v2 ');
    expect(xp('//*/@class', '')).toHaveLength(2);
  });

  it('applies predicates: attribute equality, contains(), positions, nested paths, count()', () => {
    expect(xp('//div[contains(@style, "clip-path")]', '[0].inner_text')).toBe('hidden filler text');
    expect(xp('//td[@class="itemDesc"]//div', '')).toHaveLength(2);
    expect(xp('//td[@class="itemDesc"]/div[2]', '[0].raw')).toBe('<div>Item B</div>');
    expect(xp('//a[.//img[@src]]', '')).toHaveLength(1);
    expect(xp('//a[@href="#"]', '[0].display_text')).toBe('Nothing');
    expect(xp('//td[count(div) = 2]', '')).toHaveLength(1);
    expect(xp('//table[@width="700"][1]//tr/td', '')).toHaveLength(1);
  });

  it('answers empty, without a DOM, when the HTML lacks the tag; null without HTML', () => {
    expect(xp('//h2', '')).toEqual([]);
    expect(evalMql("html.xpath(body.html, '//a')")).toBeNull();
  });

  it('reports XPath it does not implement, so the rule is unsupported rather than wrong', () => {
    expect(() => parseXPath('//a/namespace::b')).toThrow(XPathUnsupported);
    expect(() => parseXPath('//a[id("x")]')).toThrow(XPathUnsupported);
    expect(() => evalMql("html.xpath(body.html, '//a] b').nodes")).toThrow(/unsupported: html.xpath/);
  });

  it('follows axes and evaluates unions, comparisons, last(), number() and translate()', () => {
    expect(xp('//div/parent::td', '[0].raw')).toMatch(/^<td class="itemDesc">/);
    expect(xp('//img/ancestor::a', '[0].display_text')).toBe('');
    expect(xp('//td/div[1]/following-sibling::div', '[0].raw')).toBe('<div>Item B</div>');
    expect(xp('//td/div[last()]', '[0].raw')).toBe('<div>Item B</div>');
    expect(xp('//title | //comment()', '')).toHaveLength(2);
    expect(xp('//table[number(@width) > 500]', '')).toHaveLength(1);
    expect(xp('//table[number(@width) > 800]', '')).toHaveLength(0);
    expect(xp('//img[translate(@alt, "MICROSFT", "microsft") = "microsoft"]', '')).toHaveLength(1);
  });
});

function node(extra: Partial<FileNode>): FileNode {
  return { id: 0, depth: 0, parent_id: null, file_name: 'f', file_extension: null, size: 1, sha256: '', flavors: { mime: null, yara: [] }, scan: {}, flags: [], ...extra };
}

function attachment(extra: Partial<Attachment>): Attachment {
  return {
    file_name: 'a.bin', file_extension: 'bin', file_type: null, content_type: 'application/octet-stream', content_id: null,
    disposition: 'attachment', size: 3, md5: '', sha1: '', sha256: 'abc', ...extra,
  };
}

describe('file functions', () => {
  it('file.explode returns the analysis, or the attachment itself when the analysis did not run', () => {
    const analysed = makeModel({ attachments: [attachment({ explode: [node({ file_name: 'x.js', depth: 1 })] })] });
    expect(evalMql('any(attachments, any(file.explode(.), .depth == 1 and .file_name == "x.js"))', { model: analysed })).toBe(true);
    const raw = makeModel({ attachments: [attachment({ file_name: 'doc.pdf', file_extension: 'pdf' })] });
    expect(evalMql('map(file.explode(attachments[0]), .file_name)', { model: raw })).toEqual(['doc.pdf']);
  });

  it('file.parse_text and file.parse_html read the attachment bytes', () => {
    const m = makeModel({ attachments: [attachment({ raw: new TextEncoder().encode('<p>Hello <b>there</b></p>') })] });
    expect(evalMql('strings.icontains(file.parse_text(attachments[0]).text, "<b>there")', { model: m })).toBe(true);
    expect(evalMql('file.parse_html(attachments[0]).display_text', { model: m })).toBe('Hello there');
    expect(evalMql('file.parse_text(attachments[0])')).toBeNull();
  });

  it('file.oletools and beta.scan_qr read what the attachment analysis found', () => {
    const doc = attachment({
      explode: [
        node({ flags: ['vba_macro', 'vba_auto_exec'], scan: { vba: { auto_exec: ['AutoOpen'], suspicious: ['Shell'] } } }),
        node({ scan: { office: { external_relationships: [{ type: 'attachedTemplate', target: 'http://10.0.0.5/t.dotm' }] } } }),
        node({ scan: { qr: { type: 'url', data: 'https://q.example/x', url: { url: 'https://q.example/x' } } } }),
      ],
    });
    const m = makeModel({ attachments: [doc] });
    expect(evalMql('file.oletools(attachments[0]).indicators.vba_macros.exists', { model: m })).toBe(true);
    expect(evalMql('any(file.oletools(attachments[0]).macros.keywords, .type =~ "autoexec")', { model: m })).toBe(true);
    expect(evalMql('file.oletools(attachments[0]).relationships[0].target_url.domain.domain', { model: m })).toBe('10.0.0.5');
    expect(evalMql('beta.scan_qr(attachments[0]).items[0].url.url', { model: m })).toBe('https://q.example/x');
    const plain = makeModel({ attachments: [attachment({ explode: [node({})] })] });
    expect(evalMql('file.oletools(attachments[0]).indicators.vba_macros.exists', { model: plain })).toBe(false);
    expect(evalMql('beta.scan_qr(attachments[0]).found', { model: plain })).toBe(false);
  });
});

describe('html.xpath on hostile HTML', () => {
  it('builds no DOM for HTML nested past the depth cap (htmlparser2 is quadratic in depth)', async () => {
    const { MAX_HTML_DEPTH, xpathWork } = await import('../../../../src/engine/rules/functions/xpath-eval.ts');
    const deep = '<div>'.repeat(100_000) + 'x' + '</div>'.repeat(100_000);
    const m = makeModel({ body: { html: { raw: deep, display_text: null, inner_text: null } } });
    const before = xpathWork.documents;
    expect(evalMql("html.xpath(body.html, '//div').nodes", { model: m })).toBeNull();
    expect(xpathWork.documents).toBe(before);
    const ok = '<div>'.repeat(MAX_HTML_DEPTH) + 'x' + '</div>'.repeat(MAX_HTML_DEPTH);
    const m2 = makeModel({ body: { html: { raw: ok, display_text: null, inner_text: null } } });
    expect(evalMql("length(html.xpath(body.html, '//div').nodes)", { model: m2 })).toBe(MAX_HTML_DEPTH);
    expect(xpathWork.documents).toBe(before + 1);
  });

  it('caps the nodes returned and the markup of each view', async () => {
    const { MAX_RESULT_NODES, MAX_VIEW_CHARS } = await import('../../../../src/engine/rules/functions/xpath-eval.ts');
    const wide = '<div>' + '<p>0123456789</p>'.repeat(10_000) + '</div>';
    const m = makeModel({ body: { html: { raw: wide, display_text: null, inner_text: null } } });
    expect(evalMql("length(html.xpath(body.html, '//p').nodes)", { model: m })).toBe(MAX_RESULT_NODES);
    const raw = evalMql("html.xpath(body.html, '//div').nodes[0].raw", { model: m }) as string;
    expect(raw.length).toBe(MAX_VIEW_CHARS);
  });
});

describe('ratio, beta.ip_in and beta.file.parse_ics', () => {
  it('ratio is the share of elements for which the expression holds, null for none', async () => {
    const { link } = await import('../../../helpers/model-factory.ts');
    const m = makeModel({ body: { links: [link('https://a.example/x'), link('https://b.example/y'), link('https://a.example/z')] } });
    expect(evalMql('ratio(body.links, .href_url.domain.domain == "a.example") > 0.6', { model: m })).toBe(true);
    expect(evalMql('ratio(body.links, .href_url.domain.domain == "a.example") > 0.7', { model: m })).toBe(false);
    expect(evalMql('ratio(attachments, true)', { model: m })).toBeNull();
  });

  it('beta.ip_in matches IPv4 and IPv6 ranges', () => {
    expect(evalMql('beta.ip_in("45.80.229.7", "5.182.86.0/23", "45.80.228.0/22")')).toBe(true);
    expect(evalMql('beta.ip_in("45.80.232.1", "5.182.86.0/23", "45.80.228.0/22")')).toBe(false);
    expect(evalMql('beta.ip_in("2001:db8::1", "2001:db8::/32")')).toBe(true);
    expect(evalMql('beta.ip_in("not-an-ip", "10.0.0.0/8")')).toBeNull();
    expect(evalMql('beta.ip_in("10.255.255.255", "192.168.0.0/16", "10.0.0.0/8")')).toBe(true);
    expect(evalMql('beta.ip_in("11.0.0.0", "10.0.0.0/8", "9.0.0.0/8")')).toBe(false);
    expect(evalMql('beta.ip_in("5.182.85.255", "5.182.86.0/23")')).toBe(false);
    expect(evalMql('beta.ip_in("5.182.87.255", "5.182.86.0/23")')).toBe(true);
  });

  it('beta.file.parse_ics lists events with their description and links', () => {
    const ics = [
      'BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'SUMMARY:Quarterly review', 'DESCRIPTION:Join here https://login.microsoftonline.com.evil.example/',
      ' x?u=1\\nThanks', 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n');
    const m = makeModel({ attachments: [attachment({ file_name: 'invite.ics', file_extension: 'ics', raw: new TextEncoder().encode(ics) })] });
    expect(evalMql('beta.file.parse_ics(attachments[0]).events[0].summary', { model: m })).toBe('Quarterly review');
    expect(evalMql('any(beta.file.parse_ics(attachments[0]).events, any(.links, .href_url.domain.root_domain == "evil.example"))', { model: m })).toBe(true);
    expect(evalMql('strings.icontains(beta.file.parse_ics(attachments[0]).events[0].description, "thanks")', { model: m })).toBe(true);
    const notIcs = makeModel({ attachments: [attachment({ raw: new TextEncoder().encode('hello') })] });
    expect(evalMql('beta.file.parse_ics(attachments[0])', { model: notIcs })).toBeNull();
  });
});

describe('beta.parse_exif', () => {
  it('reads a PDF Info dictionary (literal, escaped and UTF-16 hex strings), XMP and the page count', () => {
    const pdf = [
      '%PDF-1.7', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj', '2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj',
      '3 0 obj << /Type /Page >> endobj', '4 0 obj << /Type /Page >> endobj',
      '5 0 obj << /Producer (Skia/PDF m120) /Creator (Mozilla/5.0 \\(X11\\) HeadlessChrome/120.0) /Title <FEFF0049006E0076> >> endobj',
      '<x:xmpmeta><xmp:CreatorTool>mPDF 8.1</xmp:CreatorTool></x:xmpmeta>', '%%EOF',
    ].join('\n');
    const m = makeModel({ attachments: [attachment({ file_name: 'a.pdf', raw: new TextEncoder().encode(pdf) })] });
    expect(evalMql('beta.parse_exif(attachments[0]).creator', { model: m })).toBe('Mozilla/5.0 (X11) HeadlessChrome/120.0');
    expect(evalMql('beta.parse_exif(attachments[0]).title', { model: m })).toBe('Inv');
    expect(evalMql('beta.parse_exif(attachments[0]).page_count', { model: m })).toBe(2);
    expect(evalMql('any(beta.parse_exif(attachments[0]).fields, .key in ("Producer", "CreatorTool") and regex.icontains(.value, "(?:pdfium|mpdf)"))', { model: m })).toBe(true);
  });

  it('gives no fields for a file without metadata, so conditions on them do not hold', () => {
    const m = makeModel({ attachments: [attachment({ raw: new TextEncoder().encode('plain bytes') })] });
    expect(evalMql('length(beta.parse_exif(attachments[0]).fields)', { model: m })).toBe(0);
    expect(evalMql('beta.parse_exif(attachments[0]).creator == "xuri"', { model: m })).toBe(false);
  });
});
