import { describe, expect, it } from 'vitest';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { bmpEnd, gifEnd, jpegEnd, peEnd } from '../../../../src/engine/attachments/file-end.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import type { FileNode } from '../../../../src/core/message.ts';
import { attachment, modelWith, zip } from './fixtures/build-files.ts';
import { tinyExe } from './fixtures/build-encoded.ts';
import { smallBmp, smallGif, smallJpeg, smallPe } from './fixtures/build-polyglots.ts';

async function explode(name: string, bytes: Uint8Array): Promise<FileNode[]> {
  const model = modelWith([attachment(name, bytes)]);
  await analyzeAttachments(model, DEFAULT_LIMITS);
  return model.attachments[0]!.explode!;
}

const join = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const kind = (n: FileNode | undefined): string | undefined => (n?.scan.type as { kind?: string } | undefined)?.kind;

describe('where a file ends', () => {
  it('walks a JPEG to its EOI past an embedded thumbnail, and gives up on a cut one', () => {
    const plain = smallJpeg();
    const withThumb = smallJpeg(true);
    expect(jpegEnd(plain)).toBe(plain.length);
    expect(jpegEnd(withThumb)).toBe(withThumb.length);
    expect(jpegEnd(join(withThumb, tinyExe()))).toBe(withThumb.length);
    expect(jpegEnd(withThumb.subarray(0, withThumb.length - 10))).toBeNull();
    expect(jpegEnd(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x00]))).toBeNull();
  });

  it('reads the BMP size only when it is plausible', () => {
    expect(bmpEnd(smallBmp())).toBe(102);
    expect(bmpEnd(smallBmp(0))).toBeNull();
    expect(bmpEnd(smallBmp(10_000))).toBeNull();
  });

  it('walks a GIF to its trailer, and gives up on a cut or unknown block', () => {
    const gif = smallGif();
    expect(gifEnd(gif)).toBe(gif.length);
    expect(gifEnd(join(gif, tinyExe()))).toBe(gif.length);
    expect(gifEnd(gif.subarray(0, gif.length - 3))).toBeNull();
    const odd = Uint8Array.from(gif);
    odd[27] = 0x99; // where the image descriptor starts
    expect(gifEnd(odd)).toBeNull();
  });

  it('ends a PE at its last section, or at its certificate table, and refuses hostile headers', () => {
    expect(peEnd(smallPe())).toBe(0x600);
    expect(peEnd(smallPe({ certificate: 0x100 }))).toBe(0x700);
    expect(peEnd(smallPe({ sections: 0xffff }))).toBeNull();
    expect(peEnd(smallPe({ lfanew: 0x7fffffff }))).toBeNull();
    expect(peEnd(smallPe().subarray(0, 0x1a0))).toBeNull();
  });
});

describe('data appended to a file', () => {
  it('finds an executable after a JPEG and analyses it as a child', async () => {
    const nodes = await explode('photo.jpg', join(smallJpeg(true), tinyExe()));
    expect(nodes[0]!.flags).toEqual(['trailing_data']);
    expect(nodes[1]).toMatchObject({ file_name: 'overlay', depth: 1 });
    expect(nodes[1]!.flags).toContain('dangerous_type');
  });

  it('leaves alone a JPEG with padding or a second picture after it', async () => {
    expect((await explode('photo.jpg', join(smallJpeg(), new Uint8Array(4096))))[0]!.flags).toEqual([]);
    expect((await explode('photo.jpg', join(smallJpeg(), smallJpeg())))).toHaveLength(1);
    expect((await explode('photo.jpg', smallJpeg(true)))).toHaveLength(1);
  });

  it('unpacks a zip appended to a BMP', async () => {
    const nodes = await explode('image.bmp', join(smallBmp(), await zip({ 'run.js': 'WScript.Shell' })));
    expect(nodes[0]!.flags).toEqual(['trailing_data']);
    expect(kind(nodes[1])).toBe('zip');
    expect(nodes.find((n) => n.file_name === 'run.js')!.flags).toContain('dangerous_type');
  });

  it('unpacks the Java archive of a GIFAR (a GIF that is also a zip)', async () => {
    const nodes = await explode('avatar.gif', join(smallGif(), await zip({ 'Exploit.class': 'cafebabe' })));
    expect(nodes[0]!.flags).toEqual(['trailing_data']);
    expect(kind(nodes[1])).toBe('zip');
    expect((await explode('avatar.gif', smallGif())).length).toBe(1);
  });

  it('unpacks a zip overlay of an executable; opaque installer data and a signature are no finding', async () => {
    const sfx = await explode('setup.exe', join(smallPe(), await zip({ 'payload.exe': tinyExe() })));
    expect(sfx[0]!.flags).toEqual(['dangerous_type', 'trailing_data']);
    expect(sfx.find((n) => n.file_name === 'payload.exe')).toMatchObject({ depth: 2 });
    const installer = await explode('setup.exe', join(smallPe(), Uint8Array.from({ length: 5000 }, (_, i) => (i * 31 + 7) & 0xff)));
    expect(installer[0]!.flags).toEqual(['dangerous_type']);
    expect(installer[0]!.scan.overlay).toMatchObject({ offset: 0x600, size: 5000, kind: 'unknown' });
    expect((await explode('signed.exe', smallPe({ certificate: 0x100 })))[0]!.flags).toEqual(['dangerous_type']);
  });
});
