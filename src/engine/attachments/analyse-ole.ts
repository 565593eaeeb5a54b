/**
 * Legacy OLE (Compound File) documents via `cfb`: VBA projects (with the module source recovered for
 * auto-exec and suspicious keywords), Excel 4 macro sheets, encryption (an encrypted OOXML package, opened with
 * the default or a given password by decrypt-office.ts; an xls FILEPASS record, a Word FIB flag, a PowerPoint
 * encrypted summary), and embedded OLE objects, whose payload is unpacked as a child file.
 */
import * as CFB from 'cfb';
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { moduleSource, vbaKeywords } from './vba.ts';
import { parseOle10Native } from './ole-native.ts';
import { inflateOleObject, isCompressedOleObject } from './word-xml-ole-data.ts';
import { openEncryptedPackage, openEncryptedWorkbook } from './decrypt-office.ts';

function bytesOf(content: unknown): Uint8Array {
  if (content instanceof Uint8Array) return content;
  if (Array.isArray(content)) return Uint8Array.from(content as number[]);
  return new Uint8Array(0);
}

interface WorkbookFacts {
  xlm: boolean;
  /** The FILEPASS record's body: the stream is encrypted. */
  filePass: Uint8Array | null;
  /** DDE links: `server|'topic'` of each SUPBOOK that names a DDE or OLE source. */
  dde: string[];
}

/**
 * A SUPBOOK record ([MS-XLS] 2.4.271) with no sheets and a path "server\x03topic" is a DDE or OLE link: the
 * `=cmd|' /c calc'!A0` of a formula. Self-references (0x0401) and add-ins (0x3A01) have no path.
 */
function supBookDde(body: Uint8Array): string | null {
  if (body.length < 5) return null;
  const ctab = body[0]! | (body[1]! << 8);
  const cch = body[2]! | (body[3]! << 8);
  if (ctab !== 0 || cch === 0x0401 || cch === 0x3a01 || cch === 0) return null;
  const wide = (body[4]! & 1) === 1;
  const bytes = Buffer.from(body.buffer, body.byteOffset + 5, Math.min(body.length - 5, wide ? cch * 2 : cch));
  const path = bytes.toString(wide ? 'utf16le' : 'latin1');
  const at = path.indexOf('\x03');
  if (at <= 0) return null;
  return `${path.slice(0, at)}|'${path.slice(at + 1)}'`.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
}

/** BIFF records of a Workbook stream: BOUNDSHEET type 1 is an Excel 4 macro sheet, FILEPASS is encryption. */
function inspectWorkbook(stream: Uint8Array): WorkbookFacts {
  const dv = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const facts: WorkbookFacts = { xlm: false, filePass: null, dde: [] };
  // Records that matter live in the workbook globals, before the first sheet: a bounded walk suffices.
  for (let p = 0, n = 0; p + 4 <= stream.length && n < 100_000; n++) {
    const type = dv.getUint16(p, true);
    const len = dv.getUint16(p + 2, true);
    const body = stream.subarray(p + 4, Math.min(p + 4 + len, stream.length));
    if (type === 0x002f) facts.filePass = body;
    if (type === 0x0085 && len >= 6 && p + 9 < stream.length && stream[p + 4 + 5] === 0x01) facts.xlm = true;
    if (type === 0x01ae && facts.dde.length < 10) {
      const link = supBookDde(body);
      if (link) facts.dde.push(link);
    }
    if (type === 0x000a && n > 0) break; // EOF of the globals substream
    p += 4 + len;
  }
  return facts;
}

/** Reads a Workbook stream, in clear when it is encrypted and a candidate password opens it. */
function readWorkbook(ctx: AnalyserContext, stream: Uint8Array): void {
  let facts = inspectWorkbook(stream);
  if (facts.filePass) {
    ctx.flag('encrypted_document');
    const plain = openEncryptedWorkbook(ctx, stream, facts.filePass);
    // Without the key, the sheet types and links are ciphertext: nothing more to read.
    if (!plain) return;
    facts = inspectWorkbook(plain);
  }
  if (facts.xlm) ctx.flag('xlm_macro');
  if (facts.dde.length) {
    ctx.flag('dde');
    setScan(ctx.node, 'office', { dde: facts.dde });
  }
}

/**
 * Word binary documents keep field codes in the text stream between 0x13 (field begin) and 0x14/0x15; a DDE or
 * DDEAUTO field there runs a program. The text may be 8-bit or UTF-16LE, so both readings are searched.
 */
function wordFieldDde(ctx: AnalyserContext, stream: Uint8Array): void {
  const buf = Buffer.from(stream.buffer, stream.byteOffset, Math.min(stream.byteLength, 8 * 1024 * 1024));
  const found: string[] = [];
  for (const text of [buf.toString('latin1'), buf.toString('utf16le'), buf.subarray(1).toString('utf16le')]) {
    for (const m of text.matchAll(/\x13\s*(DDE(?:AUTO)?\b[^\x13\x14\x15]{0,200})/gi)) {
      if (found.length < 10) found.push(m[1]!.replace(/[^\x20-\x7e]/g, '').trim());
    }
  }
  if (found.length === 0) return;
  ctx.flag('dde');
  setScan(ctx.node, 'office', { dde: found });
}

/**
 * PowerPoint 97-2003 keeps its VBA project and embedded objects as ExOleObjStg records (type 0x1011) inside the
 * "PowerPoint Document" stream, zlib-compressed when the record instance is 1. Each is a CFB file of its own,
 * unpacked as a child so the OLE analysis finds the macros and payloads in it.
 */
async function powerPointObjects(ctx: AnalyserContext, stream: Uint8Array): Promise<void> {
  const dv = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  let found = 0;
  for (let p = 0; p + 12 <= stream.length && found < 20; p++) {
    if (dv.getUint16(p + 2, true) !== 0x1011) continue;
    const verInstance = dv.getUint16(p, true);
    const len = dv.getUint32(p + 4, true);
    if ((verInstance & 0x0f) !== 0 || len < 4 || p + 8 + len > stream.length) continue;
    const body = stream.subarray(p + 8, p + 8 + len);
    let object: Uint8Array = body;
    if (verInstance >> 4 === 1) {
      const declared = dv.getUint32(p + 8, true);
      const cap = Math.min(ctx.budget.remainingExpandedBytes(), declared, Math.max(len * ctx.budget.limits.maxCompressionRatio, 1024 * 1024));
      try {
        // PowerPoint often writes the deflate stream without its final block: take what inflates.
        const out = inflateSync(body.subarray(4), { maxOutputLength: Math.max(1, cap), finishFlush: zlibConstants.Z_SYNC_FLUSH });
        ctx.budget.addExpanded(out.length);
        object = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      } catch {
        continue;
      }
    }
    if (object[0] !== 0xd0 || object[1] !== 0xcf) continue;
    found++;
    if (!ctx.budget.takeEntry()) {
      ctx.flag('entry_limit');
      return;
    }
    await ctx.child(`ppt_object_${found}.bin`, object);
    p += 8 + len - 1;
  }
}

export async function analyseOle(ctx: AnalyserContext): Promise<void> {
  const container = CFB.read(Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength), { type: 'buffer' });
  const paths = container.FullPaths;
  const entries = container.FileIndex;
  const names = new Set(entries.map((e) => e.name));
  const details: Record<string, unknown> = { streams: paths.slice(0, 200) };

  const encryptionInfo = CFB.find(container, 'EncryptionInfo');
  const encryptedPackage = CFB.find(container, 'EncryptedPackage');
  if (encryptionInfo && encryptedPackage) {
    ctx.flag('encrypted_document');
    await openEncryptedPackage(ctx, bytesOf(encryptionInfo.content), bytesOf(encryptedPackage.content));
  }
  if (names.has('EncryptedSummary')) ctx.flag('encrypted_document');

  const modules: string[] = [];
  const vba = { auto_exec: new Set<string>(), suspicious: new Set<string>() };
  let code = '';
  const hasVba = paths.some((p) => /\/(_VBA_PROJECT|VBA\/dir)$/i.test(p));
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const path = paths[i]!;
    if (entry.type !== 2) continue;
    const content = bytesOf(entry.content);
    if (hasVba && /\/VBA\//i.test(path) && !/\/(_VBA_PROJECT|dir|PROJECT|PROJECTwm|__SRP_\d+)$/i.test(path)) {
      const source = moduleSource(content);
      if (source) {
        modules.push(entry.name);
        const kw = vbaKeywords(source);
        kw.auto_exec.forEach((k) => vba.auto_exec.add(k));
        kw.suspicious.forEach((k) => vba.suspicious.add(k));
        if (code.length < 64 * 1024) code += `${source.slice(0, 64 * 1024 - code.length)}\n`;
      }
    } else if (/^(Workbook|Book)$/.test(entry.name)) {
      readWorkbook(ctx, content);
    } else if (entry.name === 'WordDocument' && content.length > 12) {
      if ((content[0x0b]! & 0x01) !== 0) ctx.flag('encrypted_document');
      else wordFieldDde(ctx, content);
    } else if (entry.name === 'PowerPoint Document') {
      await powerPointObjects(ctx, content);
    } else if (entry.name === '\x01Ole10Native') {
      ctx.flag('ole_embedded_object');
      const native = parseOle10Native(content);
      if (native) await ctx.child(native.fileName, native.data);
    } else if (entry.name === 'Package' || entry.name === 'CONTENTS') {
      ctx.flag('ole_embedded_object');
      await ctx.child(entry.name, content);
    } else if (isCompressedOleObject(entry.name, content)) {
      ctx.flag('ole_embedded_object');
      if (!ctx.budget.takeEntry()) {
        ctx.flag('entry_limit');
        continue;
      }
      const object = inflateOleObject(content, ctx.budget);
      if (object === 'limit') ctx.flag('archive_bomb');
      else if (object === 'corrupt') ctx.flag('corrupt_archive');
      else await ctx.child(`${entry.name}.ole`, object);
    }
  }
  if (paths.some((p) => /\/ObjectPool\//.test(p))) ctx.flag('ole_embedded_object');
  if (hasVba) {
    ctx.flag('vba_macro');
    details.vba = { modules, auto_exec: [...vba.auto_exec], suspicious: [...vba.suspicious] };
    setScan(ctx.node, 'vba', { modules, auto_exec: [...vba.auto_exec], suspicious: [...vba.suspicious], code });
    if (vba.auto_exec.size > 0) ctx.flag('vba_auto_exec');
  }
  setScan(ctx.node, 'ole', details);
}
