/**
 * RTF: embedded OLE objects (`\object` with `\objdata`), automatic update on open (`\objupdate`, the trigger
 * of the CVE-2017-0199 and Equation Editor exploits), and the payload of "Package" objects as a child file.
 */
import type { AnalyserContext } from './analyser.ts';
import { latin1, setScan } from './analyser.ts';
import { parseOle10Native } from './ole-native.ts';

const MAX_OBJECTS = 20;

/** Hex digits of an `\objdata` group up to its closing brace, whitespace and control words dropped. */
function objdataHex(rtf: string, start: number, maxBytes: number): Uint8Array {
  const out = Buffer.alloc(Math.min(maxBytes, Math.ceil((rtf.length - start) / 2)));
  let n = 0;
  let hi = -1;
  for (let i = start; i < rtf.length && n < out.length; i++) {
    const c = rtf.charCodeAt(i);
    if (c === 0x7d) break; // }
    if (c === 0x5c) { // skip a control word such as \bin0 or \'
      while (i + 1 < rtf.length && /[a-z0-9-]/i.test(rtf[i + 1]!)) i++;
      continue;
    }
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else { out[n++] = (hi << 4) | v; hi = -1; }
  }
  return out.subarray(0, n);
}

/** OLE1 ObjectHeader: version u32, format u32, class name (u32 length + chars), topic, item, native size u32. */
function ole1Object(b: Uint8Array): { className: string; native: Uint8Array } | null {
  if (b.length < 12) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 8;
  const str = (): string | null => {
    if (p + 4 > b.length) return null;
    const len = dv.getUint32(p, true);
    if (len > 256 || p + 4 + len > b.length) return null;
    const s = Buffer.from(b.subarray(p + 4, p + 4 + len)).toString('latin1').replace(/\0+$/, '');
    p += 4 + len;
    return s;
  };
  const className = str();
  if (className === null || str() === null || str() === null || p + 4 > b.length) return { className: className ?? '', native: new Uint8Array(0) };
  const size = dv.getUint32(p, true);
  return { className, native: b.subarray(p + 4, Math.min(b.length, p + 4 + size)) };
}

export async function analyseRtf(ctx: AnalyserContext): Promise<void> {
  const rtf = latin1(ctx.bytes);
  // `\\object` is an escaped backslash followed by the word: text about RTF, not a control word.
  const objects = (rtf.match(/(?<!\\)\\object\b/g) ?? []).length;
  const objupdate = /(?<!\\)\\objupdate\b/.test(rtf);
  const classes: string[] = [];
  if (objects > 0 || /(?<!\\)\\objdata\b/.test(rtf)) ctx.flag('rtf_object');
  if (objupdate) ctx.flag('rtf_objupdate');
  let seen = 0;
  for (const m of rtf.matchAll(/(?<!\\)\\objdata\b/g)) {
    if (seen++ >= MAX_OBJECTS) break;
    const data = objdataHex(rtf, m.index + m[0].length, ctx.budget.remainingExpandedBytes());
    ctx.budget.addExpanded(data.length);
    const obj = ole1Object(data);
    if (!obj) continue;
    classes.push(obj.className);
    if (/^Equation\.3$/i.test(obj.className)) ctx.flag('rtf_equation_editor');
    if (/^Package$/i.test(obj.className)) {
      const pkg = parseOle10Native(obj.native, false);
      if (pkg) await ctx.child(pkg.fileName, pkg.data);
    } else if (obj.native.length > 8 && obj.native[0] === 0xd0 && obj.native[1] === 0xcf) {
      await ctx.child(`${obj.className || 'object'}.bin`, obj.native);
    }
  }
  setScan(ctx.node, 'rtf', { objects, objupdate, classes });
  ctx.text(rtf.replace(/\\[a-z]+-?\d* ?|[{}]|\\'[0-9a-f]{2}/gi, ' ').replace(/\s+/g, ' ').slice(0, 100_000));
}
