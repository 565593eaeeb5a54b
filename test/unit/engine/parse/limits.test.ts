import { describe, expect, it } from 'vitest';
import { buildEml, multipart, type EmlPart } from '../../../helpers/build-eml.ts';
import { parse } from './parse-helper.ts';

/** N tiny attachment parts: the shape of a part-count bomb. */
function manyParts(n: number): Buffer {
  const parts: EmlPart[] = [];
  for (let i = 0; i < n; i++) parts.push({ contentType: 'application/octet-stream', body: new Uint8Array([i & 255]), filename: `f${i}.bin` });
  return buildEml({ parts });
}

/** Multiparts nested `depth` levels deep, a text leaf at the bottom. */
function deepNesting(depth: number): Buffer {
  let inner = Buffer.from('Content-Type: text/plain\r\n\r\nbottom\r\n');
  for (let i = depth; i > 0; i--) {
    inner = Buffer.concat([Buffer.from(`Content-Type: multipart/mixed; boundary="d${i}"\r\n\r\n--d${i}\r\n`), inner, Buffer.from(`\r\n--d${i}--\r\n`)]);
  }
  return Buffer.concat([Buffer.from('From: a@example.com\r\nTo: b@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n'), inner]);
}

describe('parseMessage limits', () => {
  it('walks at most maxParts parts of a 10,000-part message', async () => {
    const m = await parse(manyParts(10_000), { limits: { maxParts: 50 } });
    expect(m.parse.parts).toBe(50);
    // The multipart/mixed container is part one, so 49 leaves remain.
    expect(m.attachments.length).toBe(49);
    expect(m.parse.truncated).toBe(true);
    expect(m.parse.warnings.join()).toMatch(/maxParts=50/);
  });

  it('keeps every part of a message under the part cap, without a warning', async () => {
    const m = await parse(manyParts(20), { limits: { maxParts: 50 } });
    expect(m.attachments.length).toBe(20);
    expect(m.parse.parts).toBe(21);
    expect(m.parse.truncated).toBe(false);
  });

  it('cuts MIME nesting at maxMimeDepth instead of rejecting the message', async () => {
    const m = await parse(deepNesting(300), { limits: { maxMimeDepth: 10 } });
    expect(m.subject.subject).toBe('deep');
    expect(m.parse.warnings.join()).toMatch(/maxMimeDepth=10/);
    expect(m.parse.parts).toBeLessThanOrEqual(11);
    const shallow = await parse(deepNesting(5), { limits: { maxMimeDepth: 10 } });
    expect(shallow.body.plain?.raw?.trim()).toBe('bottom');
    expect(shallow.parse.warnings).toEqual([]);
  });

  it('truncates raw bytes at maxMessageBytes', async () => {
    const raw = buildEml({ text: 'A'.repeat(100_000) });
    const m = await parse(raw, { limits: { maxMessageBytes: 10_000 } });
    expect(m.parse.size).toBe(raw.length);
    expect(m.body.plain!.raw!.length).toBeLessThan(10_000);
    expect(m.parse.warnings.join()).toMatch(/maxMessageBytes/);
  });

  it('truncates an oversized header block and still reads the body', async () => {
    const headers: [string, string][] = [];
    for (let i = 0; i < 5000; i++) headers.push([`X-Junk-${i}`, 'x'.repeat(100)]);
    const m = await parse(buildEml({ headers, text: 'body survives' }), { limits: { maxHeaderBytes: 64 * 1024 } });
    expect(m.headers.fields.length).toBeLessThan(700);
    expect(m.parse.warnings.join()).toMatch(/maxHeaderBytes/);
    expect(m.parse.truncated).toBe(true);
  });

  it('keeps at most maxUrls links from a link-stuffed body', async () => {
    const html = Array.from({ length: 5000 }, (_, i) => `<a href="https://site${i}.example.com/">x</a>`).join('');
    const m = await parse(buildEml({ html }), { limits: { maxUrls: 100 } });
    expect(m.body.links.length).toBe(100);
    expect(m.parse.warnings.join()).toMatch(/maxUrls=100/);
  });

  it('does not warn when a message has exactly maxUrls links', async () => {
    const html = Array.from({ length: 100 }, (_, i) => `<a href="https://site${i}.example.com/">x</a>`).join('');
    const m = await parse(buildEml({ html, text: 'also https://site1.example.com/ again' }), { limits: { maxUrls: 100 } });
    expect(m.body.links.length).toBe(100);
    expect(m.parse.warnings).toEqual([]);
  });

  it('truncates text past maxTextLength', async () => {
    const m = await parse(buildEml({ text: 'word '.repeat(50_000) }), { limits: { maxTextLength: 1000 } });
    expect(m.body.plain!.raw!.length).toBe(1000);
    expect(m.parse.warnings.join()).toMatch(/maxTextLength=1000/);
  });

  it('stops rendering pathologically nested HTML at the element caps', async () => {
    const html = '<div>'.repeat(5000) + 'deep text' + '</span>'.repeat(5000);
    const m = await parse(buildEml({ html }));
    expect(m.parse.warnings.join()).toMatch(/html rendering stopped/);
  });

  it('a nested multipart inside the part cap is walked in full', async () => {
    const inner = multipart('alternative', [{ contentType: 'text/plain', body: 'plain' }, { contentType: 'text/html', body: '<b>html</b>' }], 'inner');
    const raw = Buffer.concat([Buffer.from('From: a@example.com\r\nSubject: n\r\nMIME-Version: 1.0\r\n'), inner]);
    const m = await parse(raw);
    expect(m.parse.parts).toBe(3);
    expect(m.body.html?.display_text).toBe('html');
  });
});
