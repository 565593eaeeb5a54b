/**
 * VBA source recovery from a module stream: MS-OVBA "compressed container" decompression, located the way
 * olevba's fallback does (the compressed source opens with `Attribute VB_Name`, whose first token survives
 * compression as `\x00Attribut`), so we need not parse the `dir` stream. Output is capped.
 */

const MAX_SOURCE = 256 * 1024;

/** Decompresses an MS-OVBA compressed container starting at `start`; returns at most MAX_SOURCE chars. */
export function decompressVba(b: Uint8Array, start: number): string {
  if (b[start] !== 0x01) return '';
  const out: number[] = [];
  let p = start + 1;
  while (p + 2 <= b.length && out.length < MAX_SOURCE) {
    const header = b[p]! | (b[p + 1]! << 8);
    const size = (header & 0x0fff) + 3;
    const compressed = (header & 0x8000) !== 0;
    const chunkEnd = Math.min(b.length, p + size);
    p += 2;
    const chunkStart = out.length;
    if (!compressed) {
      for (let i = 0; i < 4096 && p < chunkEnd; i++) out.push(b[p++]!);
      continue;
    }
    while (p < chunkEnd) {
      const flags = b[p++]!;
      for (let bit = 0; bit < 8 && p < chunkEnd; bit++) {
        if ((flags & (1 << bit)) === 0) {
          out.push(b[p++]!);
          continue;
        }
        if (p + 1 >= chunkEnd) { p = chunkEnd; break; }
        const token = b[p]! | (b[p + 1]! << 8);
        p += 2;
        const decompressed = out.length - chunkStart;
        let bitCount = 4;
        while ((1 << bitCount) < decompressed) bitCount++;
        bitCount = Math.max(bitCount, 4);
        const lengthMask = 0xffff >> bitCount;
        const offset = (token >> (16 - bitCount)) + 1;
        const length = (token & lengthMask) + 3;
        const from = out.length - offset;
        if (from < chunkStart) return Buffer.from(out.slice(0, MAX_SOURCE)).toString('latin1');
        for (let i = 0; i < length; i++) out.push(out[from + i]!);
      }
    }
  }
  return Buffer.from(out.slice(0, MAX_SOURCE)).toString('latin1');
}

/** The VBA source of a module stream, or '' when none is found. */
export function moduleSource(stream: Uint8Array): string {
  const marker = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength).indexOf('\x00Attribut', 0, 'latin1');
  if (marker < 3) return '';
  return decompressVba(stream, marker - 3);
}

const AUTO_EXEC = /\b(AutoOpen|Auto_Open|AutoExec|AutoClose|Auto_Close|AutoNew|Document_Open|DocumentOpen|Document_Close|Document_New|Workbook_Open|Workbook_Activate|Workbook_BeforeClose|Presentation_Open|App_WorkbookOpen|\w+_Layout|\w+_Painted|\w+_GotFocus)\b/gi;
const SUSPICIOUS = /\b(Shell|WScript\.Shell|CreateObject|GetObject|URLDownloadToFile|XMLHTTP|ADODB\.Stream|PowerShell|CallByName|Environ|ShellExecute|Run|Exec|Kill|CreateTextFile|SaveToFile|Chr[BW]?\$?|StrReverse|Base64|VirtualAlloc|RtlMoveMemory|CreateThread|Lib)\b/gi;

export interface VbaKeywords {
  auto_exec: string[];
  suspicious: string[];
}

export function vbaKeywords(source: string): VbaKeywords {
  const uniq = (re: RegExp): string[] => [...new Set([...source.matchAll(re)].map((m) => m[1]!))].slice(0, 30);
  return { auto_exec: uniq(AUTO_EXEC), suspicious: uniq(SUSPICIOUS) };
}
