import { describe, expect, it } from 'vitest';
import { warmUpAttachmentAnalysis } from '../../../../src/engine/attachments/warm-up.ts';
import { extractPdfContent } from '../../../../src/engine/attachments/pdf-content.ts';
import { textPdf } from './fixtures/build-files.ts';

describe('warm-up', () => {
  it('loads pdf.js once; later PDFs reuse it', async () => {
    await warmUpAttachmentAnalysis();
    const content = await extractPdfContent(textPdf('hello after warm up'), 5, 1000, 30_000);
    expect(content).toMatchObject({ ok: true, pages: 1 });
    expect(content.ok && content.text).toContain('hello after warm up');
  }, 60_000);
});
