import { describe, expect, it } from 'vitest';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { decodeUuencode } from '../../../../src/engine/attachments/decode-uuencode.ts';
import { decodeBinHex } from '../../../../src/engine/attachments/decode-binhex.ts';
import { decodeSzdd } from '../../../../src/engine/attachments/analyse-szdd.ts';
import { sniffFileType } from '../../../../src/engine/attachments/file-type.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../../src/engine/limits.ts';
import type { FileNode, MessageModel } from '../../../../src/core/message.ts';
import { attachment, modelWith } from './fixtures/build-files.ts';
import { binhex, emlWithAttachment, mapiProps, szdd, tinyExe, tnef, uuencode } from './fixtures/build-encoded.ts';
import { readMapiProps } from '../../../../src/engine/attachments/tnef-mapi.ts';

async function explode(name: string, bytes: Uint8Array | string, limits: Limits = DEFAULT_LIMITS): Promise<{ nodes: FileNode[]; model: MessageModel }> {
  const model = modelWith([attachment(name, bytes)]);
  await analyzeAttachments(model, limits);
  return { nodes: model.attachments[0]!.explode!, model };
}

const kind = (n: FileNode | undefined): string | undefined => (n?.scan.type as { kind?: string } | undefined)?.kind;
const exe = tinyExe();
const exeSha = (nodes: FileNode[]): FileNode | undefined => nodes.find((n) => n.depth > 0 && n.size === exe.length && kind(n) === 'pe');

describe('uuencode', () => {
  it('decodes a uuencoded executable in a text file into a child', async () => {
    const { nodes } = await explode('note.txt', `Hello,\nthe tool is below.\n\n${uuencode('tool.exe', exe)}\nBye`);
    const child = exeSha(nodes)!;
    expect(child).toMatchObject({ file_name: 'tool.exe', depth: 1 });
    expect(child.flags).toContain('dangerous_type');
    expect(nodes[0]!.scan.encoded).toEqual({ format: 'uuencode', files: ['tool.exe'] });
  });

  it('keeps what decodes from a cut block and ignores a "begin" line that is not uuencode', () => {
    const text = uuencode('tool.exe', exe);
    const cut = decodeUuencode(text.slice(0, 120), 5);
    expect(cut).toHaveLength(1);
    expect(Buffer.from(cut[0]!.bytes).equals(Buffer.from(exe.subarray(0, cut[0]!.bytes.length)))).toBe(true);
    expect(decodeUuencode('begin 644 notes.txt\nthis is just prose, not a uuencoded line at all\n', 5)).toEqual([]);
    expect(decodeUuencode(`${text}\n${text}\n${text}`, 2)).toHaveLength(2);
  });
});

describe('BinHex 4.0', () => {
  it('decodes the data fork of a BinHexed executable (0x90 escapes included) into a child', async () => {
    const { nodes } = await explode('tool.hqx', binhex('tool.exe', exe));
    expect(exeSha(nodes)).toMatchObject({ file_name: 'tool.exe', sha256: nodes.find((n) => n.file_name === 'tool.exe')!.sha256 });
    expect(Buffer.from(decodeBinHex(binhex('tool.exe', exe), 1 << 20)!.data).equals(Buffer.from(exe))).toBe(true);
  });

  it('caps a run-length bomb at the output limit and flags it', async () => {
    // Header for a 100 MB data fork, then one byte repeated 254 times per 2 input bytes, many times over.
    const name = 'bomb.bin';
    const header = [name.length, ...Buffer.from(name), 0, ...Buffer.from('EXE\0Clam'), 0, 0, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const runs = [...header, 0x41, ...Array.from({ length: 20_000 }, () => [0x90, 0xff]).flat()];
    const text = binhex(name, new Uint8Array(0), { runs });
    const file = decodeBinHex(text, 1_000_000)!;
    expect(file.data.length).toBeLessThanOrEqual(1_000_000);
    expect(file.truncated).toBe(true);
    const limits = { ...DEFAULT_LIMITS, maxCompressionRatio: 10 };
    const { nodes } = await explode('bomb.hqx', text, limits);
    expect(nodes[0]!.flags).toContain('archive_bomb');
    expect((nodes[0]!.scan.work as { expandedBytes: number }).expandedBytes).toBeLessThanOrEqual(Math.max(text.length * 10, 1024 * 1024));
  });

  it('returns nothing for a marker without a valid block', () => {
    expect(decodeBinHex('(This file must be converted with BinHex 4.0)\n:!!!:', 1000)).toBeNull();
    expect(decodeBinHex('(This file must be converted with BinHex 4.0)\nno colon here', 1000)).toBeNull();
  });
});

describe('TNEF (winmail.dat)', () => {
  it('unpacks each attachment and keeps the body text', async () => {
    const { nodes } = await explode('winmail.dat', tnef('Please run the attached update.', [{ name: 'update.exe', bytes: exe }, { name: 'readme.txt', bytes: Buffer.from('hello') }]));
    expect(kind(nodes[0])).toBe('tnef');
    expect(nodes.slice(1).map((n) => n.file_name)).toEqual(['update.exe', 'readme.txt']);
    expect(exeSha(nodes)!.flags).toContain('dangerous_type');
    expect((nodes[0]!.scan.strings as { raw: string }).raw).toContain('run the attached update');
    expect(nodes[0]!.scan.tnef).toMatchObject({ subject: 'Invoice', attachments: ['update.exe', 'readme.txt'] });
  });

  it('stops at a record whose length runs past the end, keeping earlier attachments', async () => {
    const { nodes } = await explode('winmail.dat', tnef('x', [{ name: 'a.exe', bytes: exe }, { name: 'b.exe', bytes: exe }], { cutTail: 40 }));
    expect(nodes[0]!.flags).toContain('corrupt_archive');
    expect(nodes.slice(1).map((n) => n.file_name)).toEqual(['a.exe']);
  });

  it('names an attachment by its long file name (a short title hides the double extension)', async () => {
    const props = mapiProps([{ id: 0x3001, string: 'x', named: true }, { id: 0x3707, string: 'invoice.pdf.exe' }]);
    const { nodes } = await explode('winmail.dat', tnef('x', [{ name: 'INVOIC~1.EXE', bytes: exe, props }]));
    expect(nodes[1]).toMatchObject({ file_name: 'invoice.pdf.exe' });
    expect(nodes[1]!.flags).toContain('double_extension');
  });

  it('unpacks an attached message stored as an object: its own TNEF stream and what it carries', async () => {
    const inner = tnef('inner', [{ name: 'payload.exe', bytes: exe }]);
    const props = mapiProps([{ id: 0x3707, string: 'Fwd: invoice' }, { id: 0x3701, object: inner }]);
    const { nodes } = await explode('winmail.dat', tnef('outer', [{ name: 'Fwd: invoice', props }]));
    expect(kind(nodes[1])).toBe('tnef');
    expect(nodes.find((n) => n.file_name === 'payload.exe')).toMatchObject({ depth: 2 });
  });

  it('reads MAPI blocks defensively: huge counts, lengths past the end, unknown types', () => {
    const good = mapiProps([{ id: 0x3707, string: 'a.exe' }]);
    expect(readMapiProps(good).size).toBe(1);
    const hugeCount = Buffer.from(good);
    hugeCount.writeUInt32LE(0xffffffff, 0);
    expect(readMapiProps(hugeCount).size).toBe(1);
    const longValue = Buffer.from(good);
    longValue.writeUInt32LE(0x7fffffff, 12);
    expect(readMapiProps(longValue).size).toBe(0);
    const unknown = Buffer.from(good);
    unknown.writeUInt16LE(0x0999, 4);
    expect(readMapiProps(unknown).size).toBe(0);
    expect(readMapiProps(good.subarray(0, 10)).size).toBe(0);
  });

  it('counts every attachment against the entry limit', async () => {
    const files = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}.txt`, bytes: Buffer.from(`file ${i}`) }));
    const { nodes } = await explode('winmail.dat', tnef('x', files), { ...DEFAULT_LIMITS, maxArchiveEntries: 10 });
    expect(nodes.length - 1).toBe(10);
    expect(nodes[0]!.flags).toContain('entry_limit');
  });
});

describe('a message inside the message', () => {
  it('parses an attached .eml: its attachment, HTML body and links are analysed', async () => {
    const { nodes, model } = await explode('forwarded.eml', emlWithAttachment('invoice.exe', exe));
    expect(kind(nodes[0])).toBe('email');
    expect(nodes[0]!.scan.email).toMatchObject({ subject: 'Invoice 4411', from: 'billing@evil.example', attachments: ['invoice.exe'] });
    expect(exeSha(nodes)).toMatchObject({ file_name: 'invoice.exe', depth: 1 });
    expect(model.body.links.map((l) => l.href_url.url).sort()).toEqual(['https://html.evil.example/x', 'https://pay.evil.example/invoice']);
  });

  it('reads an mbox whose attachment is x-uuencode', async () => {
    const mbox = `From billing@evil.example Mon Jan  1 10:00:00 2024\nFrom: billing@evil.example\nTo: victim@corp.example\nSubject: tool\nMIME-Version: 1.0\nContent-Type: application/octet-stream; name="tool.exe"\nContent-Transfer-Encoding: x-uuencode\n\n${uuencode('tool.exe', exe)}`;
    const { nodes } = await explode('archive.mbox', mbox);
    expect(kind(nodes[0])).toBe('email');
    expect(exeSha(nodes)).toMatchObject({ file_name: 'tool.exe', depth: 2 });
  });

  it('holds an inner message with thousands of parts to the MIME part limit', async () => {
    const { nodes } = await explode('forwarded.eml', emlWithAttachment('a.exe', exe, 3000));
    expect(nodes[0]!.flags).toContain('parse_truncated');
    expect(nodes.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxParts + 2);
  });

  it('does not take prose or a CSV for a message', () => {
    expect(sniffFileType(Buffer.from('Dear team,\nFrom: the minutes of Monday\nSubject: budget\n')).kind).toBe('text');
    expect(sniffFileType(Buffer.from('From: a\nname,value\n1,2\n')).kind).toBe('text');
    expect(sniffFileType(Buffer.from('From: a@b.example\nTo: c@d.example\nSubject: hi\n\nbody')).kind).toBe('email');
  });
});

describe('SZDD', () => {
  it('unpacks a compressed executable and restores its name', async () => {
    const { nodes } = await explode('SETUP.EX_', szdd(exe));
    expect(kind(nodes[0])).toBe('szdd');
    expect(exeSha(nodes)).toMatchObject({ file_name: 'SETUP.EXe', depth: 1 });
  });

  it('follows back-references, overlapping ones and ones into the space-filled window', () => {
    // Flags 0b11: 'A' and 'B' are literals at window 4080-4081, then a reference to 4080 of length 5: ABABA.
    const overlapping = decodeSzdd(szdd(new Uint8Array(7), { body: Uint8Array.from([0b11, 0x41, 0x42, 0xf0, 0xf2]) }), 100)!;
    expect(Buffer.from(overlapping.bytes).toString('latin1')).toBe('ABABABA');
    // 'A', then 3 bytes from 4090, still the initial spaces.
    const spaces = decodeSzdd(szdd(new Uint8Array(4), { body: Uint8Array.from([0b01, 0x41, 0xfa, 0xf0]) }), 100)!;
    expect(Buffer.from(spaces.bytes).toString('latin1')).toBe('A   ');
  });

  it('flags a file declaring far more than the ratio allows, and decodes no more than the cap', async () => {
    const bomb = szdd(new Uint8Array(0), { declared: 0xffffffff, body: Uint8Array.from(Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? 0x00 : 0xf0))) });
    const { nodes } = await explode('BIG.EX_', bomb);
    expect(nodes[0]!.flags).toContain('archive_bomb');
    expect((nodes[0]!.scan.work as { expandedBytes: number }).expandedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(decodeSzdd(bomb.subarray(0, 12), 100)).toBeNull();
  });
});

describe('HTML that starts with a link', () => {
  it('is typed html and its data-URI download becomes a child', async () => {
    const page = `<a href="data:application/octet-stream;base64,${Buffer.from(exe).toString('base64')}">t</a>`;
    const { nodes } = await explode('clam.exe.html', page);
    expect(kind(nodes[0])).toBe('html');
    expect(exeSha(nodes)).toBeDefined();
  });
});

describe('files encoded straight into the message body', () => {
  it('turns a uuencoded executable in the body into an attachment that is analysed', async () => {
    const model = modelWith([], `Hi,\nthe update is below.\n\n${uuencode('update.exe', exe)}\nregards`);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    expect(model.attachments.map((a) => [a.file_name, a.disposition, a.size])).toEqual([['update.exe', 'inline', exe.length]]);
    const root = model.attachments[0]!.explode![0]!;
    expect(root.flags).toContain('dangerous_type');
    expect(root.scan.encoded).toEqual({ format: 'uuencode', source: 'body' });
  });

  it('does the same for a BinHexed file, from a raw message through the parser', async () => {
    const { parseMessage } = await import('../../../../src/engine/parse/parse-message.ts');
    const raw = `From: a@evil.example\r\nTo: b@corp.example\r\nSubject: tool\r\n\r\nHere it is:\r\n${binhex('tool.exe', exe).replace(/\n/g, '\r\n')}`;
    const model = await parseMessage(Buffer.from(raw), { limits: DEFAULT_LIMITS, orgDomains: [], externalId: null });
    expect(model.attachments).toEqual([]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    expect(model.attachments.map((a) => a.file_name)).toEqual(['tool.exe']);
    expect(model.attachments[0]!.explode![0]!.flags).toContain('dangerous_type');
  });

  it('adds nothing for prose, and no more files than the entry limit allows', async () => {
    const prose = modelWith([], 'begin 644 is how the old tools started a block; nothing follows here.\nbegin 600 words\nhello world, this is text');
    await analyzeAttachments(prose, DEFAULT_LIMITS);
    expect(prose.attachments).toEqual([]);
    const many = modelWith([], Array.from({ length: 15 }, (_, i) => uuencode(`f${i}.exe`, exe)).join('\n'));
    await analyzeAttachments(many, { ...DEFAULT_LIMITS, maxArchiveEntries: 4 });
    expect(many.attachments).toHaveLength(4);
  });
});
