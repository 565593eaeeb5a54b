import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { findCodeRegions, MAX_CODE_REGIONS, toGray } from '../../../../src/engine/attachments/qr-finder.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import type { FileNode, MessageModel } from '../../../../src/core/message.ts';
import { attachment, modelWith } from './fixtures/build-files.ts';
import { qrGrid } from './fixtures/build-images.ts';

async function analyse(bytes: Uint8Array): Promise<{ node: FileNode; model: MessageModel }> {
  const model = modelWith([attachment('codes.png', bytes)]);
  await analyzeAttachments(model, DEFAULT_LIMITS);
  return { node: model.attachments[0]!.explode![0]!, model };
}

function codesOf(node: FileNode): string[] {
  const qr = node.scan.qr as { data: string; codes?: { data: string }[] } | undefined;
  return qr ? (qr.codes ?? [qr]).map((c) => c.data).sort() : [];
}

describe('several QR codes in one image', () => {
  it('decodes each code of an image carrying two, and every URL becomes a link', async () => {
    const { node, model } = await analyse(await qrGrid([{ text: 'https://one.evil.example/a' }, { text: 'https://two.evil.example/b' }]));
    expect(codesOf(node)).toEqual(['https://one.evil.example/a', 'https://two.evil.example/b']);
    expect(node.flags).toEqual(['qr_code', 'qr_code_url']);
    expect(model.body.links.map((l) => l.href_url.url).sort()).toEqual(['https://one.evil.example/a', 'https://two.evil.example/b']);
  });

  it('decodes a dark-on-light code next to a light-on-dark one', async () => {
    const { node } = await analyse(await qrGrid([{ text: 'PLAIN CODE' }, { text: 'https://inverted.evil.example/', inverted: true }]));
    expect(codesOf(node)).toEqual(['PLAIN CODE', 'https://inverted.evil.example/']);
  });

  it('keeps the code it can read when its neighbour is unreadable', async () => {
    const { node } = await analyse(await qrGrid([{ text: 'https://good.example/', scrambled: false }, { text: 'https://gone.example/', scrambled: true }]));
    expect(codesOf(node)).toEqual(['https://good.example/']);
  });

  it('looks at no more than MAX_CODE_REGIONS candidates in an image full of codes', async () => {
    const tiles = Array.from({ length: 9 }, (_, i) => ({ text: `CODE ${i}` }));
    const png = PNG.sync.read(Buffer.from(await qrGrid(tiles, 3)));
    const regions = findCodeRegions(toGray(new Uint8ClampedArray(png.data), png.width, png.height));
    expect(regions).toHaveLength(MAX_CODE_REGIONS);
    const { node } = await analyse(new Uint8Array(PNG.sync.write(png)));
    expect(codesOf(node).length).toBeLessThanOrEqual(MAX_CODE_REGIONS + 1);
    expect(codesOf(node).length).toBeGreaterThanOrEqual(MAX_CODE_REGIONS - 1);
  });
});
