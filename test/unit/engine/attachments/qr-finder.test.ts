import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { hasFinderPatterns, toGray } from '../../../../src/engine/attachments/qr-finder.ts';
import { qrPng } from './fixtures/build-files.ts';

function gray(png: Uint8Array) {
  const img = PNG.sync.read(Buffer.from(png));
  return toGray(new Uint8ClampedArray(img.data), img.width, img.height);
}

/** Lines of "glyphs" (random thin strokes, seeded) on white: rows full of dark-light runs, like text. */
function textLike(width: number, height: number): ReturnType<typeof toGray> {
  const data = new Uint8Array(width * height).fill(255);
  let seed = 12345;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let line = 0; line + 14 < height; line += 20) {
    for (let x = 4; x < width - 10; x += 3 + rand(6)) {
      const w = 1 + rand(2);
      const top = line + rand(4);
      const bottom = line + 10 + rand(4);
      for (let y = top; y < bottom; y++) for (let dx = 0; dx < w; dx++) data[y * width + x + dx] = 0;
    }
  }
  return { data, width, height };
}

describe('QR finder-pattern prefilter', () => {
  it('sees the three finder patterns of a real code', async () => {
    expect(hasFinderPatterns(gray(await qrPng('https://example.com/a')))).toBe(true);
  });

  it('passes over text-like strokes and a blank page', () => {
    expect(hasFinderPatterns(textLike(600, 400))).toBe(false);
    expect(hasFinderPatterns({ data: new Uint8Array(300 * 300).fill(255), width: 300, height: 300 })).toBe(false);
  });
});
