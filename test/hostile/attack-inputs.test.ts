/**
 * Attack-shaped messages through the whole engine as the service builds it (built-in detectors, shipped lists,
 * the default MQL pack, attachment analysis). Each must end in a verdict, never a throw, with the work it did
 * bounded by the limits: parts walked, headers kept, bytes expanded, regex characters scanned are all counted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { VERDICTS } from '../../src/core/verdict.ts';
import { createDefaultEngine } from '../../src/engine/default-engine.ts';
import { DEFAULT_LIMITS } from '../../src/engine/limits.ts';
import type { ScanEngine, ScanResult } from '../../src/engine/scan-message.ts';
import { MAX_REGEX_INPUT, regexWork } from '../../src/engine/rules/regex.ts';
import { buildEml, type EmlPart } from '../helpers/build-eml.ts';
import { encryptAgile, xlsm } from '../unit/engine/attachments/fixtures/build-office-encryption.ts';

let engine: ScanEngine;
beforeAll(async () => {
  engine = (await createDefaultEngine({ rulePacks: ['default'] })).engine;
}, 60_000);

async function scan(raw: Uint8Array): Promise<ScanResult> {
  const result = await engine.scan({ raw });
  expect(VERDICTS).toContain(result.verdict.verdict);
  return result;
}

const head = 'From: Mallory <m@evil.example>\r\nTo: bob@example.org\r\nSubject: attack\r\nMIME-Version: 1.0\r\n';

describe('attack-shaped input through the full engine', () => {
  it('a zip bomb (8 MB of zeros in one entry, ratio ~1000) is flagged and not expanded past the allowance', async () => {
    const zip = new JSZip();
    zip.file('invoice.txt', new Uint8Array(8 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const { model } = await scan(buildEml({ text: 'see attached', attachments: [{ contentType: 'application/zip', body: bytes, filename: 'invoice.zip' }] }));
    const nodes = model.attachments[0].explode ?? [];
    expect(nodes.flatMap((n) => n.flags)).toContain('archive_bomb');
    // Refused on its declared ratio: no child node holds the expanded bytes.
    expect(nodes.filter((n) => n.depth > 0 && n.size >= 1024 * 1024)).toEqual([]);
    // Legitimate look-alike: an ordinary compressible text in a zip is unpacked and not flagged.
    const ok = new JSZip();
    ok.file('notes.txt', 'quarterly figures '.repeat(200));
    const fine = await scan(buildEml({ text: 'notes', attachments: [{ contentType: 'application/zip', body: await ok.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), filename: 'notes.zip' }] }));
    const fineNodes = fine.model.attachments[0].explode ?? [];
    expect(fineNodes.flatMap((n) => n.flags)).not.toContain('archive_bomb');
    expect(fineNodes.some((n) => n.file_name === 'notes.txt')).toBe(true);
  }, 20_000);

  it('5,000 levels of MIME nesting stop at maxMimeDepth', async () => {
    let inner = Buffer.from('Content-Type: text/plain\r\n\r\nbottom\r\n');
    for (let i = 5000; i > 0; i--) {
      inner = Buffer.concat([Buffer.from(`Content-Type: multipart/mixed; boundary="d${i}"\r\n\r\n--d${i}\r\n`), inner, Buffer.from(`\r\n--d${i}--\r\n`)]);
    }
    const { model } = await scan(Buffer.concat([Buffer.from(head), inner]));
    expect(model.parse.parts).toBeLessThanOrEqual(DEFAULT_LIMITS.maxMimeDepth + 1);
    expect(model.parse.warnings.join()).toMatch(/maxMimeDepth/);
  }, 20_000);

  it('a 100,000-part message walks at most maxParts parts', async () => {
    const parts: EmlPart[] = [];
    for (let i = 0; i < 100_000; i++) parts.push({ contentType: 'application/octet-stream', body: new Uint8Array([i & 255]), filename: `f${i}.bin` });
    const { model } = await scan(buildEml({ parts }));
    expect(model.parse.parts).toBe(DEFAULT_LIMITS.maxParts);
    expect(model.attachments.length).toBe(DEFAULT_LIMITS.maxParts - 1);
    expect(model.parse.truncated).toBe(true);
  }, 20_000);

  it('a 60 MB message is read up to maxMessageBytes, text kept up to maxTextLength', async () => {
    const line = 'Please review the attached statement and confirm your account details today.\r\n';
    const raw = Buffer.concat([Buffer.from(`${head}Content-Type: text/plain\r\n\r\n`), Buffer.alloc(60 * 1024 * 1024, line)]);
    const { model } = await scan(raw);
    expect(model.parse.size).toBe(raw.length);
    expect(model.parse.warnings.join()).toMatch(/maxMessageBytes/);
    expect(model.body.plain?.raw?.length ?? 0).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTextLength);
  }, 20_000);

  it('a flood of 200,000 header lines is cut at maxHeaderBytes and the body is still read', async () => {
    const headers: [string, string][] = [];
    for (let i = 0; i < 200_000; i++) headers.push(['Received', `from h${i}.evil.example by mx.example.org; Mon, 1 Jan 2024 10:00:00 +0000`]);
    const { model } = await scan(buildEml({ headers, text: 'body survives the flood' }));
    const headerBytes = model.headers.fields.reduce((n, f) => n + f.name.length + String(f.value ?? '').length, 0);
    expect(headerBytes).toBeLessThanOrEqual(DEFAULT_LIMITS.maxHeaderBytes);
    expect(model.headers.fields.length).toBeLessThan(20_000);
    expect(model.body.plain?.raw).toContain('body survives');
  }, 20_000);

  it('pathological regex input: each regex call scans at most MAX_REGEX_INPUT characters', async () => {
    // Classic ReDoS shapes: long runs that almost match (a…a!), nested-quantifier bait, one giant URL.
    const bait = `${'a'.repeat(1_500_000)}!\n${'x@'.repeat(200_000)}\nhttps://${'sub.'.repeat(50_000)}evil.example/${'%41'.repeat(50_000)}`;
    const before = { ...regexWork };
    // The subject alone once cost 40 s of backtracking in the bulk detector (fixed: subjects are read to 2,000
    // characters); a detector stuck on the event loop cannot time out, so this test's own timeout is the guard.
    const { verdict } = await scan(buildEml({ subject: 'a'.repeat(100_000), text: bait, html: `<p>${bait}</p>` }));
    const calls = regexWork.calls - before.calls;
    const chars = regexWork.charsScanned - before.charsScanned;
    expect(calls).toBeGreaterThan(0);
    expect(chars).toBeLessThanOrEqual(calls * MAX_REGEX_INPUT);
    expect(verdict.failures).toEqual([]);
  }, 20_000);

  it('malformed PDFs and Office files yield a verdict and a hashed node, never a throw', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Length 999999999 /Filter /FlateDecode >> stream\n\x78\x9c\xff\xff\xff garbage\nendobj\nxref\n0 99999999\ntrailer << /Root 1 0 R /Size -5 >>\n%%EOF');
    const docx = new JSZip();
    docx.file('[Content_Types].xml', '<Types><Override PartName="/word/document.xml"');
    docx.file('word/document.xml', '<w:document><w:body>'.repeat(5000));
    const docxBytes = Buffer.from(await docx.generateAsync({ type: 'uint8array' }));
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0xff)]);
    const attachments: EmlPart[] = [
      { contentType: 'application/pdf', body: pdf, filename: 'statement.pdf' },
      { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: docxBytes.subarray(0, docxBytes.length - 40), filename: 'cut.docx' },
      { contentType: 'application/msword', body: ole, filename: 'legacy.doc' },
      { contentType: 'application/vnd.ms-excel', body: Buffer.from('PK\x03\x04 not really a zip'), filename: 'book.xlsx' },
    ];
    const { model } = await scan(buildEml({ text: 'docs', attachments }));
    expect(model.attachments.length).toBe(4);
    for (const a of model.attachments) {
      expect(a.explode?.length ?? 0).toBeGreaterThan(0);
      expect(a.explode!.every((n) => /^[0-9a-f]{64}$/.test(n.sha256))).toBe(true);
    }
  }, 20_000);

  it('fifty VelvetSweatshop-encrypted workbooks: password tries stop at maxPasswordHashes, every one still flagged', async () => {
    const macro = 'Attribute VB_Name = "ThisWorkbook"\r\nSub Workbook_Open()\r\n  Shell "cmd /c calc"\r\nEnd Sub\r\n';
    const body = Buffer.from(encryptAgile(await xlsm(macro), 'VelvetSweatshop'));
    const attachments: EmlPart[] = Array.from({ length: 50 }, (_, i) => ({ contentType: 'application/vnd.ms-excel', body, filename: `book-${i}.xlsm` }));
    const { model, verdict } = await scan(buildEml({ text: 'the password is 1234 or 5678 or 9012', attachments }));
    const work = model.attachments.at(-1)!.explode![0]!.scan.work as { passwordTries: number; passwordHashes: number; limitsHit: string[] };
    // 100,000 spins a try: six tries fit the default allowance, one for each of the first six workbooks.
    expect(work.passwordHashes).toBeLessThanOrEqual(DEFAULT_LIMITS.maxPasswordHashes);
    expect(work.passwordTries).toBe(DEFAULT_LIMITS.maxPasswordHashes / 100_000);
    expect(work.limitsHit).toContain('password_hashes');
    expect(model.attachments.every((a) => a.explode![0]!.flags.includes('encrypted_document'))).toBe(true);
    expect(verdict.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['MACRO_AUTO_EXEC', 'OFFICE_DEFAULT_PASSWORD', 'ENCRYPTED_DOCUMENT']));
  }, 30_000);

  it('invalid and hostile charsets decode to strings without throwing', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0x28]);
    const raw = Buffer.concat([
      Buffer.from('From: =?x-no-such-charset?B?////?= <a@evil.example>\r\nTo: b@example.org\r\nSubject: =?utf-7?Q?+AGEAYgBj-?= =?utf-8?B?w?=\r\nMIME-Version: 1.0\r\n'),
      Buffer.from('Content-Type: multipart/mixed; boundary="cs"\r\n\r\n--cs\r\nContent-Type: text/plain; charset="x-bogus-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      bytes,
      Buffer.from('\r\n--cs\r\nContent-Type: text/html; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n////\r\n--cs\r\nContent-Type: text/plain; charset="%%%"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=0=\r\n--cs--\r\n'),
    ]);
    const { model } = await scan(raw);
    expect(typeof model.subject.subject).toBe('string');
    expect(typeof model.sender.display_name === 'string' || model.sender.display_name === null).toBe(true);
  }, 20_000);
});
