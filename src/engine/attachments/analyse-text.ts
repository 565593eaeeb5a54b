/**
 * Plain text, scripts and XML: the text and its URLs for the content detectors, DDE formulas in CSV/SpreadsheetML,
 * Excel 4 EXEC calls in SYLK files, Word 2003 XML carrying a macro project (editdata.mso), web queries (.iqy),
 * and files uuencoded or BinHexed into the text.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan, urlsInText } from './analyser.ts';
import { findCsvDde, findDde } from './dde.ts';
import { inflateSync } from 'node:zlib';
import { encodedTextFiles } from './encoded-text-files.ts';

const MAX_XML_PARTS = 50;
const SCHEMA_HOSTS = /^https?:\/\/(schemas\.microsoft\.com|schemas\.openxmlformats\.org|www\.w3\.org|purl\.org|ns\.adobe\.com|www\.apple\.com\/DTDs|schemas\.xmlsoap\.org)\b/i;

/**
 * ActiveMime (Word 2003 XML `editdata.mso`, MHT macros): a header, then a zlib stream at 0x32 holding the CFB
 * file with the VBA project.
 */
function activeMime(bytes: Buffer, ctx: AnalyserContext): Uint8Array | null {
  if (bytes.toString('latin1', 0, 10) !== 'ActiveMime' || bytes.length < 0x34) return null;
  const cap = Math.min(ctx.budget.remainingExpandedBytes(), Math.max(bytes.length * ctx.budget.limits.maxCompressionRatio, 1024 * 1024));
  try {
    const out = inflateSync(bytes.subarray(0x32), { maxOutputLength: Math.max(1, cap) });
    ctx.budget.addExpanded(out.length);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch {
    return null;
  }
}

/** Base64 parts of Word 2003 XML (`w:binData`) and flat OPC packages (`pkg:binaryData`) become child files. */
async function xmlBinaryParts(ctx: AnalyserContext, xml: string): Promise<void> {
  let n = 0;
  const re = /<w:binData\b[^>]*w:name\s*=\s*"([^"]*)"[^>]*>([^<]+)<\/w:binData>|<pkg:part\b[^>]*pkg:name\s*=\s*"([^"]*)"[^>]*>\s*<pkg:binaryData>([^<]+)<\/pkg:binaryData>/g;
  for (const m of xml.matchAll(re)) {
    if (n++ >= MAX_XML_PARTS) break;
    const name = (m[1] ?? m[3] ?? 'part').replace(/^wordml:\/\/|^\//, '');
    const bytes = Buffer.from((m[2] ?? m[4] ?? '').replace(/\s+/g, ''), 'base64');
    if (bytes.length === 0 || bytes.length > ctx.budget.remainingExpandedBytes()) continue;
    if (!ctx.budget.takeEntry()) {
      ctx.flag('entry_limit');
      break;
    }
    ctx.budget.addExpanded(bytes.length);
    const inner = activeMime(bytes, ctx);
    await ctx.child(name, inner ?? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

const MAX_TEXT_SCAN = 4 * 1024 * 1024;

export async function analyseText(ctx: AnalyserContext): Promise<void> {
  const text = Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, Math.min(ctx.bytes.byteLength, MAX_TEXT_SCAN)).toString('utf8');
  const dde = ctx.type.kind === 'xml' ? findDde(text) : findCsvDde(text);
  if (dde.length) {
    ctx.flag('dde');
    setScan(ctx.node, 'office', { dde: dde.slice(0, 20) });
  }
  // SYLK cells carry formulas after ";E"; Excel 4 macro functions there make it a macro sheet.
  if (/^ID;P/.test(text) && /^C;.*;E=?(EXEC|CALL|REGISTER|RUN|ALERT|HALT|FORMULA|FOPEN|FWRITE|FWRITELN|GOTO|SET\.NAME|WORKBOOK\.HIDE|CHAR)\(/im.test(text)) ctx.flag('xlm_macro');
  if (ctx.type.kind === 'xml' && /<w:binData\b[^>]*w:name\s*=\s*"[^"]*editdata\.mso"/i.test(text)) ctx.flag('vba_macro');
  if (ctx.type.kind === 'xml' && /<w:binData\b|<pkg:binaryData>/.test(text)) await xmlBinaryParts(ctx, text);
  if (ctx.type.kind === 'text') await encodedTextFiles(ctx, text);
  // OOXML parts are read by the OOXML inspector; a nested part's own text would only duplicate it.
  if (ctx.type.kind === 'xml' && ctx.node.depth > 0) return;
  // Namespace and schema URIs of XML are identifiers nobody clicks: they would only bury the real links.
  const scannable = ctx.type.kind === 'xml' ? text.replace(/\s(?:xmlns(?::[\w.-]+)?|xsi:schemaLocation)\s*=\s*"[^"]*"|<!DOCTYPE[^>]*>/g, ' ') : text;
  for (const u of urlsInText(scannable, 200)) if (!SCHEMA_HOSTS.test(u)) ctx.link(u, 'attachment');
  ctx.text(ctx.type.kind === 'xml' ? text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') : text);
}
