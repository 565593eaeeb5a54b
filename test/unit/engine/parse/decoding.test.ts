import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { buildEml, quotedPrintable } from '../../../helpers/build-eml.ts';
import { parse } from './parse-helper.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Base64 as some mailers write it: every line padded on its own. */
function paddedPerLine(bytes: Buffer): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 55) lines.push(bytes.subarray(i, i + 55).toString('base64'));
  return lines.join('\r\n') + '\r\n';
}

describe('transfer decoding gives the exact bytes', () => {
  it('base64 attachments of every length remainder, wrapped normally and padded per line', async () => {
    for (const size of [0, 1, 2, 3, 4, 5, 56, 57, 58, 1000, 4097]) {
      const bytes = randomBytes(size);
      const m = await parse(buildEml({ text: 'x', attachments: [{ contentType: 'application/octet-stream', body: bytes, filename: 'a.bin' }] }));
      expect(m.attachments[0]!.sha256).toBe(sha256(bytes));
      const raw = buildEml({ text: 'x', attachments: [{ contentType: 'application/octet-stream', body: 'PLACEHOLDER', encoding: '7bit', filename: 'b.bin' }] })
        .toString('latin1')
        .replace('Content-Transfer-Encoding: 7bit', 'Content-Transfer-Encoding: base64')
        .replace('PLACEHOLDER', paddedPerLine(bytes));
      const p = await parse(Buffer.from(raw, 'latin1'));
      expect(p.attachments[0]!.sha256).toBe(sha256(bytes));
    }
  });

  it('quoted-printable and 8bit parts of arbitrary bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256).filter((b) => b !== 13 && b !== 10));
    const raw = buildEml({ text: 'x', attachments: [{ contentType: 'application/octet-stream', body: quotedPrintable(bytes), encoding: '7bit', filename: 'q.bin' }] })
      .toString('latin1')
      .replace('Content-Transfer-Encoding: 7bit', 'Content-Transfer-Encoding: quoted-printable');
    const m = await parse(Buffer.from(raw, 'latin1'));
    expect(m.attachments[0]!.sha256).toBe(sha256(bytes));
  });
});
