import { describe, expect, it } from 'vitest';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import { attachment, modelWith, zip } from './fixtures/build-files.ts';
import { binhex, emlWithAttachment, mapiProps, szdd, tinyExe, tnef, uuencode } from './fixtures/build-encoded.ts';
import { sevenZip } from './fixtures/build-lzma.ts';
import { smallBmp, smallGif, smallJpeg, smallPe } from './fixtures/build-polyglots.ts';
import { qrGrid } from './fixtures/build-images.ts';

/** Every cut point (up to 40 spread over the file) and a few byte flips of a well-formed sample. */
function damaged(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const step = Math.max(1, Math.floor(bytes.length / 40));
  for (let cut = 1; cut < bytes.length; cut += step) out.push(bytes.subarray(0, cut));
  for (let i = 0; i < 10; i++) {
    const copy = Uint8Array.from(bytes);
    const at = Math.floor(((i + 1) * bytes.length) / 11);
    copy[at] ^= 0x5a;
    out.push(copy);
  }
  return out;
}

describe('the new decoders on damaged input', () => {
  it('never fail the analysis: no analysis_error on any cut or flipped sample', async () => {
    const exe = tinyExe();
    const samples: Record<string, Uint8Array> = {
      'a.7z': sevenZip({ encrypted: true }),
      'winmail.dat': tnef('body', [{ name: 'a.exe', bytes: exe }]),
      'nested.dat': tnef('body', [{ name: 'fwd', props: mapiProps([{ id: 0x3707, string: 'fwd.msg', named: true }, { id: 0x3701, object: tnef('in', [{ name: 'b.exe', bytes: exe }]) }]) }]),
      'a.hqx': Buffer.from(binhex('a.exe', exe)),
      'a.uu': Buffer.from(`note\n${uuencode('a.exe', exe)}`),
      'a.eml': Buffer.from(emlWithAttachment('a.exe', exe)),
      'A.EX_': szdd(exe),
      'a.jpg': new Uint8Array(Buffer.concat([smallJpeg(true), exe])),
      'a.bmp': new Uint8Array(Buffer.concat([smallBmp(), exe])),
      'a.gif': new Uint8Array(Buffer.concat([smallGif(), exe])),
      'a.exe': new Uint8Array(Buffer.concat([smallPe(), await zip({ 'b.exe': exe })])),
      'codes.png': await qrGrid([{ text: 'https://a.example/' }, { text: 'B', inverted: true }]),
    };
    let runs = 0;
    for (const [name, bytes] of Object.entries(samples)) {
      const variants = damaged(bytes);
      const model = modelWith(variants.map((v) => attachment(name, v)));
      await analyzeAttachments(model, DEFAULT_LIMITS);
      for (const a of model.attachments) {
        runs++;
        expect(a.explode![0]!.file_name).toBe(name);
        // pngjs rejecting a cut PNG is recorded as analysis_error by design (the image, not our region search).
        const failed = a.explode!.filter((n) => n.flags.includes('analysis_error') && !(name.endsWith('.png') && /stream|IDAT|CRC|header|chunk/i.test(String(n.scan.error))));
        expect(failed.map((n) => `${name}: ${String(n.scan.error)}`)).toEqual([]);
      }
    }
    expect(runs).toBeGreaterThan(300);
  }, 120_000);
});
