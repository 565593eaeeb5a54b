import { describe, expect, it } from 'vitest';
import { warmUpAttachmentAnalysis } from '../../../../src/engine/attachments/warm-up.ts';
import { extractPdfContent } from '../../../../src/engine/attachments/pdf-content.ts';
import { nativePushInPlace, restoreNativeBuiltins } from '../../../../src/engine/attachments/native-builtins.ts';
import { textPdf } from './fixtures/build-files.ts';

describe('native built-ins after pdf.js', () => {
  it('keeps the native Array.prototype.push once pdf.js and its worker bundle have loaded', async () => {
    await warmUpAttachmentAnalysis();
    expect(nativePushInPlace()).toBe(true);
    const r = await extractPdfContent(textPdf('Invoice overdue'), 1, 1000, 60_000);
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
