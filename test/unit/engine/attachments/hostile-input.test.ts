import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../../src/engine/limits.ts';
import { attachment, cfbFile, docx, encryptedZip, modelWith, qrPng, textPdf, vbaProject, zip } from './fixtures/build-files.ts';

const LIMITS: Limits = { ...DEFAULT_LIMITS, maxExpandedBytes: 8 * 1024 * 1024 };

/** Truncations and byte flips of well-formed files: every one must give a tree, never an exception. */
describe('hostile variations of valid files never crash the analysis', () => {
  it('survives cut and corrupted zips, OOXML, OLE, PDF, PNG and RTF', async () => {
    const seeds: [string, Uint8Array][] = [
      ['a.zip', await zip({ 'a.txt': 'hello', 'b/c.html': '<html><script>eval(unescape("x"))</script></html>' })],
      ['a.docm', await docx({ macro: 'Attribute VB_Name = "M"\r\nSub AutoOpen()\r\nEnd Sub\r\n' })],
      ['a.doc', cfbFile({ '/WordDocument': new Uint8Array(600), '/Macros/VBA/dir': new Uint8Array(8) })],
      ['v.bin', vbaProject('Attribute VB_Name = "M"\r\nSub Workbook_Open()\r\nEnd Sub\r\n')],
      ['a.pdf', textPdf('A document with some words in it for the parser to read back')],
      ['qr.png', await qrPng('https://example.com/x')],
      ['e.zip', encryptedZip({ 'x.txt': 'secret' }, 'pw123')],
      ['a.rtf', new Uint8Array(Buffer.from('{\\rtf1{\\object\\objupdate{\\*\\objdata 01050000020000000800000050616b6167650000000000000000001000000002007800}}}', 'latin1'))],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (which, cut, flips) => {
          const [name, seed] = seeds[which]!;
          const bytes = new Uint8Array(seed.subarray(0, Math.max(1, Math.floor(seed.length * cut))));
          for (const [at, value] of flips) bytes[Math.floor(at * (bytes.length - 1))] = value;
          const model = modelWith([attachment(name, bytes)], 'password: pw123');
          await analyzeAttachments(model, LIMITS);
          const nodes = model.attachments[0]!.explode!;
          expect(nodes[0]!.depth).toBe(0);
          expect(nodes.every((n) => /^[0-9a-f]{64}$/.test(n.sha256))).toBe(true);
        },
      ),
      { numRuns: 120, seed: 20261203 },
    );
  }, 120_000);
});
