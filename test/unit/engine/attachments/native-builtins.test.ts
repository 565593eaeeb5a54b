import { describe, expect, it } from 'vitest';
import { warmUpAttachmentAnalysis } from '../../../../src/engine/attachments/warm-up.ts';
import { extractPdfContent } from '../../../../src/engine/attachments/pdf-content.ts';
import { nativePushInPlace, restoreNativeBuiltins } from '../../../../src/engine/attachments/native-builtins.ts';

/** A one-page PDF whose page says `text`, with a correct xref table. */
function tinyPdf(text: string): Uint8Array {
  const content = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

describe('native built-ins after pdf.js', () => {
  it('keeps the native Array.prototype.push once pdf.js and its worker bundle have loaded', async () => {
    await warmUpAttachmentAnalysis();
    expect(nativePushInPlace()).toBe(true);
    const r = await extractPdfContent(tinyPdf('Invoice overdue'), 1, 1000, 60_000);
    expect(r.ok && r.text).toContain('Invoice overdue');
    expect(nativePushInPlace()).toBe(true);
  }, 60_000);
  it('sees through a polyfill that prints itself as native code (what core-js does)', () => {
    const original = Array.prototype.push;
    const fake = function push(this: unknown[], ...items: unknown[]) {
      return original.apply(this, items);
    };
    // core-js's trick: a toString that claims native code.
    Object.defineProperty(fake, 'toString', { value: () => 'function push() { [native code] }' });
    Object.defineProperty(Array.prototype, 'push', { value: fake, writable: true, configurable: true });
    try {
      expect(nativePushInPlace()).toBe(false);
      restoreNativeBuiltins();
      expect(Array.prototype.push).toBe(original);
      expect(nativePushInPlace()).toBe(true);
    } finally {
      Object.defineProperty(Array.prototype, 'push', { value: original, writable: true, configurable: true });
    }
  });
});
