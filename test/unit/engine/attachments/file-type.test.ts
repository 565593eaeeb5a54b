import { describe, expect, it } from 'vitest';
import { sniffFileType, extensionOf } from '../../../../src/engine/attachments/file-type.ts';
import { isDoubleExtension, isTypeMismatch } from '../../../../src/engine/attachments/type-policy.ts';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import { attachment, EICAR, modelWith, textPdf, zip } from './fixtures/build-files.ts';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('file type from magic bytes', () => {
  it.each([
    ['MZ\x90\x00\x03', 'pe'],
    ['\x7fELF\x02\x01', 'elf'],
    ['L\x00\x00\x00\x01\x14\x02\x00\x00\x00', 'lnk'],
    ['\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d\xae\xb1\x53\x78\xd0\x29\x96\xd3', 'onenote'],
    ['Rar!\x1a\x07\x01\x00', 'rar'],
    ["7z\xbc\xaf'\x1c", '7z'],
    ['MSCF\x00\x00', 'cab'],
    ['ITSF\x03\x00', 'chm'],
    ['%PDF-1.7', 'pdf'],
    ['\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'ole'],
    ['{\\rtf1\\ansi', 'rtf'],
    ['[InternetShortcut]\r\nURL=https://x.example/', 'url_shortcut'],
    ['<html><head><hta:application id="x"/></head></html>', 'hta'],
    ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', 'svg'],
    ['\xef\xbb\xbf<!DOCTYPE html><html>', 'html'],
    ['just some words in a text file\n', 'text'],
  ])('%j is %s', (head, kind) => {
    expect(sniffFileType(bytes(head)).kind).toBe(kind);
  });

  it('finds an ISO 9660 volume descriptor at 0x8001', () => {
    const iso = new Uint8Array(0x9000);
    iso.set(bytes('CD001'), 0x8001);
    expect(sniffFileType(iso).kind).toBe('iso');
  });

  it('never throws on short or empty input', () => {
    expect(sniffFileType(new Uint8Array(0)).kind).toBe('empty');
    expect(sniffFileType(bytes('P')).kind).not.toBe('zip');
  });
});

describe('names that lie', () => {
  it('spots double extensions, but not dotted ordinary names', () => {
    expect(isDoubleExtension('invoice.pdf.exe')).toBe(true);
    expect(isDoubleExtension('Scan.JPG   .scr')).toBe(true);
    expect(isDoubleExtension('report.v2.pdf')).toBe(false);
    expect(isDoubleExtension('archive.tar.gz')).toBe(false);
  });

  it('spots a type mismatch only when the real type is alarming', () => {
    expect(isTypeMismatch('pdf', 'pe')).toBe(true);
    expect(isTypeMismatch('jpg', 'html')).toBe(true);
    expect(isTypeMismatch('pdf', 'pdf')).toBe(false);
    expect(isTypeMismatch('doc', 'rtf')).toBe(false);
    expect(isTypeMismatch('jpg', 'png')).toBe(false);
    expect(extensionOf('a/b/Report.PDF')).toBe('pdf');
  });
});

describe('flags on the attachment tree', () => {
  it('flags an executable named like a PDF, inside a zip, and corrects file_type', async () => {
    const model = modelWith([attachment('invoice.pdf', 'MZ\x90\x00' + '\x00'.repeat(200)), attachment('docs.zip', await zip({ 'payment.pdf.exe': 'MZ\x90\x00' }))]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    const [pdfLike, archive] = model.attachments;
    expect(pdfLike!.explode![0]!.flags).toEqual(expect.arrayContaining(['dangerous_type', 'type_mismatch']));
    expect(pdfLike!.file_type).toBe('exe');
    expect(archive!.explode![1]!.flags).toEqual(expect.arrayContaining(['dangerous_type', 'double_extension']));
  });

  it('does not flag a real PDF named .pdf', async () => {
    const model = modelWith([attachment('invoice.pdf', textPdf('An invoice for services rendered in the month of March, payable within thirty days of receipt, thank you'))]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    expect(model.attachments[0]!.explode![0]!.flags).toEqual([]);
    expect(model.attachments[0]!.file_type).toBe('pdf');
  });

  it('recognises the EICAR test file, also when zipped', async () => {
    const model = modelWith([attachment('eicar.com.txt', EICAR), attachment('eicar.zip', await zip({ 'eicar.com': EICAR }))]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    expect(model.attachments[0]!.explode![0]!.flags).toContain('eicar');
    expect(model.attachments[1]!.explode![1]!.flags).toContain('eicar');
  });

  it('does not mistake a text mentioning EICAR for the test file', async () => {
    const model = modelWith([attachment('notes.txt', 'We tested the scanner with the EICAR-STANDARD-ANTIVIRUS-TEST-FILE string yesterday.')]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    expect(model.attachments[0]!.explode![0]!.flags).toEqual([]);
  });
});
