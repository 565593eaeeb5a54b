import { describe, expect, it } from 'vitest';
import type { FileNode } from '../../../../src/core/message.ts';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { rarMembers } from '../../../../src/engine/attachments/rar-headers.ts';
import { sevenZipHeaders } from '../../../../src/engine/attachments/seven-zip-encryption.ts';
import { sevenZipMembers } from '../../../../src/engine/attachments/seven-zip-listing.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import { attachment, modelWith } from './fixtures/build-files.ts';
import { sevenZip, sevenZipListing, sevenZipListingHeader, type SevenZipFile } from './fixtures/build-lzma.ts';

async function root(name: string, bytes: Uint8Array): Promise<FileNode> {
  const model = modelWith([attachment(name, bytes)]);
  await analyzeAttachments(model, DEFAULT_LIMITS);
  return model.attachments[0]!.explode![0]!;
}

const FILES: SevenZipFile[] = [
  { name: 'docs', directory: true },
  { name: 'docs/readme.txt', size: 300 },
  { name: 'docs/empty.log', size: 0 },
  { name: 'payload.rar', size: 20_000 },
  { name: 'Счёт.exe', size: 5 },
];
const LISTED = [
  { name: 'docs', size: 0, directory: true },
  { name: 'docs/readme.txt', size: 300, directory: false },
  { name: 'docs/empty.log', size: 0, directory: false },
  { name: 'payload.rar', size: 20_000, directory: false },
  { name: 'Счёт.exe', size: 5, directory: false },
];

describe('7z listing', () => {
  it('reads names, sizes and directories from a header in clear and from an LZMA-encoded one', () => {
    for (const encodeHeader of [false, true]) {
      const h = sevenZipHeaders(sevenZipListing(FILES, { encodeHeader }))!;
      expect(sevenZipMembers(h.main!, 100)).toEqual(LISTED);
    }
  });

  it('records the listing on the archive node, which stays not unpacked', async () => {
    const node = await root('files.7z', sevenZipListing(FILES, { encodeHeader: true }));
    expect(node.flags).toEqual(['archive_not_unpacked']);
    expect(node.scan.archive).toMatchObject({
      format: '7z',
      all_paths: LISTED.map((m) => m.name),
      files: LISTED.filter((m) => !m.directory).map((m) => ({ name: m.name, size: m.size })),
    });
  });

  it('lists at most the entry limit, and gives no listing, and no error, for a cut header, junk, or a header we cannot read', async () => {
    const header = sevenZipListingHeader(FILES);
    expect(sevenZipMembers(header.subarray(0, header.length - 6), 100)).toBeNull();
    expect(sevenZipMembers(Uint8Array.from({ length: 200 }, (_, i) => (i * 37) & 0xff), 100)).toBeNull();
    expect(sevenZipMembers(header, 3)).toEqual(LISTED.slice(0, 3));
    // A header that claims more files than it could hold, or than MAX_7Z_FILES: refused before any allocation.
    const claims = (n: number[]) => Uint8Array.from([0x01, 0x05, ...n, 0x11, 0x03, 0x00, 0x61, 0x00, 0x00, 0x00]);
    expect(sevenZipMembers(claims([0xf0, 0x00, 0xca, 0x9a, 0x3b]), 100)).toBeNull(); // about a billion
    expect(sevenZipMembers(claims([0x01]), 100)).toEqual([{ name: 'a', size: 0, directory: false }]);
    // The fixture of the encryption tests writes a header 7-Zip would not (no end of its streams info).
    const node = await root('odd.7z', sevenZip({ encrypted: false }));
    expect(node.scan.archive).toEqual({ format: '7z', unpacked: false, encrypted: false });
    for (let seed = 1; seed <= 40; seed++) {
      const junk = Uint8Array.from(header, (b, i) => (i > 2 && (i * seed) % 7 === 0 ? (b * seed + i) & 0xff : b));
      const out = sevenZipMembers(junk, 100);
      expect(out === null || Array.isArray(out)).toBe(true);
    }
  });
});

/** RAR5 vint. */
function v5(n: number): number[] {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 0x80);
  } while (n > 0);
  return out;
}

function rar5(files: { name: string; size: number; directory?: boolean }[], options: { encryptedHeaders?: boolean } = {}): Uint8Array {
  const header = (body: number[], data: number[] = []): number[] => [0, 0, 0, 0, ...v5(body.length), ...body, ...data];
  const parts: number[] = [...Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1')];
  if (options.encryptedHeaders) parts.push(...header([4, 0, 0, 0, 0, ...new Array<number>(16).fill(7)]));
  parts.push(...header([1, 0, 0]));
  for (const f of files) {
    const name = [...Buffer.from(f.name, 'utf8')];
    const data = f.directory ? [] : [1, 2, 3];
    parts.push(...header([2, 2, ...v5(data.length), f.directory ? 1 : 0, ...v5(f.size), 0x20, 0, 0, ...v5(name.length), ...name], data));
  }
  parts.push(...header([5, 0, 0]));
  return Uint8Array.from(parts);
}

function rar4(files: { name: string; size: number; directory?: boolean }[], mainFlags = 0): Uint8Array {
  const sig = Buffer.from('Rar!\x1a\x07\x00', 'latin1');
  const main = Buffer.from([0, 0, 0x73, mainFlags, 0, 13, 0, 0, 0, 0, 0, 0, 0]);
  const heads = files.map((f) => {
    const name = Buffer.from(f.name, 'latin1');
    const h = Buffer.alloc(32 + name.length);
    h[2] = 0x74;
    h.writeUInt16LE(0x8000 | (f.directory ? 0xe0 : 0), 3);
    h.writeUInt16LE(h.length, 5);
    h.writeUInt32LE(0, 7);
    h.writeUInt32LE(f.size, 11);
    h.writeUInt16LE(name.length, 26);
    name.copy(h, 32);
    return h;
  });
  return new Uint8Array(Buffer.concat([sig, main, ...heads]));
}

describe('RAR listing', () => {
  const files = [{ name: 'inv', size: 0, directory: true }, { name: 'inv/Invoice.pdf.exe', size: 70_000 }, { name: 'readme.txt', size: 12 }];

  it('reads RAR5 and RAR4 file headers', () => {
    expect(rarMembers(rar5(files), 100)).toEqual(files.map((f) => ({ ...f, directory: f.directory ?? false })));
    expect(rarMembers(rar4(files), 100)).toEqual(files.map((f) => ({ ...f, directory: f.directory ?? false })));
  });

  it('lists nothing when the headers are encrypted, and stops at the entry limit', () => {
    expect(rarMembers(rar5(files, { encryptedHeaders: true }), 100)).toBeNull();
    expect(rarMembers(rar4(files, 0x80), 100)).toBeNull();
    expect(rarMembers(rar5(files), 2)).toHaveLength(2);
  });

  it('records the listing on the archive node', async () => {
    const node = await root('docs.rar', rar5(files));
    expect(node.scan.archive).toMatchObject({ format: 'rar', files: [{ name: 'inv/Invoice.pdf.exe', size: 70_000 }, { name: 'readme.txt', size: 12 }] });
  });
});
