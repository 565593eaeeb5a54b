/**
 * Loads and exercises the heavy analysers (pdf.js above all: ~1 s to import and ~1.5 s CPU for its first
 * document) so that a long-running worker or a benchmark pays that once at start, not on the first message
 * that happens to carry a PDF. The scan path stays lazy: nothing calls this implicitly.
 */
import { extractPdfContent } from './pdf-content.ts';

const TINY_PDF = (() => {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 33 >>\nstream\nBT /F1 12 Tf 10 50 Td (warm) Tj ET\nendstream',
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
})();

/** Resolves once pdf.js and the image decoders are loaded and have run once. */
export async function warmUpAttachmentAnalysis(): Promise<void> {
  await Promise.all([import('jsqr'), import('pngjs'), import('jpeg-js')]);
  await extractPdfContent(TINY_PDF, 1, 1000, 60_000);
}
