/**
 * Text and link annotations of a PDF through pdf-parse (pdf.js), loaded lazily: most messages carry no PDF and
 * should not pay for pdf.js. Parse errors are results, not exceptions: a malformed PDF is a finding.
 */
import { restoreNativeBuiltins } from './native-builtins.ts';

export type PdfContent =
  | { ok: true; text: string; links: { url: string; text: string }[]; pages: number; pagesRead: number }
  | { ok: false; error: string; timedOut?: boolean; passwordRequired?: boolean };

type PdfParseModule = typeof import('pdf-parse');
let loading: Promise<PdfParseModule> | null = null;

/**
 * Reads at most `maxPages` pages within `timeoutMs`. pdf.js works asynchronously in small steps, so a race
 * with a timer stops waiting for it, and destroying the document stops its work.
 */
export async function extractPdfContent(bytes: Uint8Array, maxPages: number, maxText: number, timeoutMs: number, password?: string): Promise<PdfContent> {
  // With source maps on (tsx turns them on), pdf.js's first error stack makes Node parse and keep pdf.js's own
  // source maps: ~160 MB of heap for the life of the process. So they are off while pdf.js and its worker bundle
  // load, during the first document (only stack traces of that moment lose their TypeScript positions).
  const mapsWereOn = loading === null && process.sourceMapsEnabled;
  if (mapsWereOn) process.setSourceMapsEnabled(false);
  try {
    return await extract(bytes, maxPages, maxText, timeoutMs, password);
  } finally {
    if (mapsWereOn) process.setSourceMapsEnabled(true);
  }
}

async function extract(bytes: Uint8Array, maxPages: number, maxText: number, timeoutMs: number, password?: string): Promise<PdfContent> {
  loading ??= import('pdf-parse').then((m) => {
    restoreNativeBuiltins();
    return m;
  });
  const { PDFParse } = await loading;
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0, stopAtErrors: false, isEvalSupported: false, ...(password === undefined ? {} : { password }) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<PdfContent>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `pdf text extraction exceeded ${Math.round(timeoutMs)} ms`, timedOut: true }), timeoutMs);
  });
  try {
    return await Promise.race([read(parser, maxPages, maxText), timeout]);
  } finally {
    clearTimeout(timer);
    await parser.destroy().catch(() => undefined);
    // The pdf.js worker bundle loads with the first document and patches Array.prototype.push again.
    restoreNativeBuiltins();
  }
}

async function read(parser: InstanceType<PdfParseModule['PDFParse']>, maxPages: number, maxText: number): Promise<PdfContent> {
  try {
    const info = await parser.getInfo({ parsePageInfo: true, first: maxPages });
    const text = await parser.getText({ first: maxPages });
    const links = info.pages.flatMap((p) => p.links).slice(0, 1000);
    const pagesRead = Math.min(info.total, maxPages);
    return { ok: true, text: text.text.slice(0, maxText), links, pages: info.total, pagesRead };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const message = err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200);
    return { ok: false, error: message, ...(name === 'PasswordException' || /password/i.test(message) ? { passwordRequired: true } : {}) };
  }
}
