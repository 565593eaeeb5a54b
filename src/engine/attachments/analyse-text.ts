/**
 * Plain text, scripts and XML: the text and its URLs for the content detectors, DDE formulas in CSV/SpreadsheetML,
 * Excel 4 EXEC calls in SYLK files, Word 2003 XML carrying a macro project (editdata.mso), and web queries (.iqy).
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan, urlsInText } from './analyser.ts';
import { findCsvDde, findDde } from './dde.ts';

const MAX_TEXT_SCAN = 4 * 1024 * 1024;

export function analyseText(ctx: AnalyserContext): void {
  const text = Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, Math.min(ctx.bytes.byteLength, MAX_TEXT_SCAN)).toString('utf8');
  const dde = ctx.type.kind === 'xml' ? findDde(text) : findCsvDde(text);
  if (dde.length) {
    ctx.flag('dde');
    setScan(ctx.node, 'office', { dde: dde.slice(0, 20) });
  }
  // SYLK cells carry formulas after ";E"; Excel 4 macro functions there make it a macro sheet.
  if (/^ID;P/.test(text) && /^C;.*;E=?(EXEC|CALL|REGISTER|RUN|ALERT|HALT|FORMULA|FOPEN|FWRITE|FWRITELN|GOTO|SET\.NAME|WORKBOOK\.HIDE|CHAR)\(/im.test(text)) ctx.flag('xlm_macro');
  if (ctx.type.kind === 'xml' && /<w:binData\b[^>]*w:name\s*=\s*"[^"]*editdata\.mso"/i.test(text)) ctx.flag('vba_macro');
  // OOXML parts are read by the OOXML inspector; a nested part's own text would only duplicate it.
  if (ctx.type.kind === 'xml' && ctx.node.depth > 0) return;
  for (const u of urlsInText(text, 200)) ctx.link(u, 'attachment');
  ctx.text(ctx.type.kind === 'xml' ? text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') : text);
}
