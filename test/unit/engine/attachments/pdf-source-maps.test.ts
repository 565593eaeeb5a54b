import { afterEach, describe, expect, it, vi } from 'vitest';
import { textPdf } from './fixtures/build-files.ts';

/**
 * pdf.js must load with source maps off (else Node parses and keeps pdf.js's own maps: ~160 MB of heap per
 * process under tsx), and the process's setting must come back afterwards, whatever the first document was.
 */
describe('pdf.js loads with source maps off, and the setting is restored', () => {
  const wasOn = process.sourceMapsEnabled;
  afterEach(() => {
    vi.restoreAllMocks();
    process.setSourceMapsEnabled(wasOn);
  });

  it('turns them off for the first document only and back on after it, even for a broken PDF', async () => {
    vi.resetModules();
    const { extractPdfContent } = await import('../../../../src/engine/attachments/pdf-content.ts');
    process.setSourceMapsEnabled(true);
    const calls = vi.spyOn(process, 'setSourceMapsEnabled');
    const broken = await extractPdfContent(new TextEncoder().encode('%PDF-1.7\nnot really a pdf'), 5, 10_000, 10_000);
    expect(broken.ok).toBe(false);
    expect(calls.mock.calls).toEqual([[false], [true]]);
    expect(process.sourceMapsEnabled).toBe(true);

    const ok = await extractPdfContent(textPdf('hello from a pdf'), 5, 10_000, 10_000);
    expect(ok).toMatchObject({ ok: true });
    expect(calls).toHaveBeenCalledTimes(2);
  });

  it('leaves them off when they were off', async () => {
    vi.resetModules();
    const { extractPdfContent } = await import('../../../../src/engine/attachments/pdf-content.ts');
    process.setSourceMapsEnabled(false);
    const calls = vi.spyOn(process, 'setSourceMapsEnabled');
    await extractPdfContent(textPdf('hello'), 5, 10_000, 10_000);
    expect(calls).not.toHaveBeenCalled();
    expect(process.sourceMapsEnabled).toBe(false);
  });
});
