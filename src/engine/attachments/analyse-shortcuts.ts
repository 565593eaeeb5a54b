/**
 * Windows shortcuts and OneNote notebooks, the droppers that replaced macros after Office blocked them:
 * a .lnk whose command line starts PowerShell or mshta, a .url pointing at a remote share or site, a OneNote
 * page with an embedded .hta or .bat behind a fake "double-click to view" button.
 */
import type { AnalyserContext } from './analyser.ts';
import { latin1, setScan, urlsInText } from './analyser.ts';

const LOLBINS = /\b(powershell|pwsh|cmd(\.exe)?\s*\/[ck]|mshta|wscript|cscript|rundll32|regsvr32|certutil|bitsadmin|msiexec|curl|wmic|conhost)\b/i;

/** Printable ASCII and UTF-16LE runs, the way `strings` shows a binary. */
export function printableStrings(b: Uint8Array, min = 5, max = 500): string[] {
  const out: string[] = [];
  const text = latin1(b);
  for (const m of text.matchAll(new RegExp(`[\\x20-\\x7e]{${min},}`, 'g'))) if (out.push(m[0]) >= max) return out;
  for (const m of text.matchAll(new RegExp(`(?:[\\x20-\\x7e]\\x00){${min},}`, 'g'))) if (out.push(m[0].replace(/\x00/g, '')) >= max) return out;
  return out;
}

export function analyseLnk(ctx: AnalyserContext): void {
  const strings = printableStrings(ctx.bytes);
  const commands = strings.filter((s) => LOLBINS.test(s)).slice(0, 10);
  if (commands.length) ctx.flag('lnk_command');
  setScan(ctx.node, 'lnk', { strings: strings.slice(0, 50), commands });
  const joined = strings.join('\n');
  for (const u of urlsInText(joined, 20)) ctx.link(u, 'attachment');
  ctx.text(joined);
}

export function analyseUrlShortcut(ctx: AnalyserContext): void {
  const text = latin1(ctx.bytes, 64 * 1024);
  const url = /^\s*URL\s*=\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
  const icon = /^\s*IconFile\s*=\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
  if (url) ctx.link(url, 'attachment');
  // file:// and UNC targets fetch from an SMB share: NTLM hash leaks and remote execution (CVE-2024-21412).
  if (url && /^(file:|\\\\)/i.test(url)) ctx.flag('remote_share_target');
  setScan(ctx.node, 'url_shortcut', { url, icon_file: icon });
  ctx.text(text);
}

const FILE_DATA_GUID = Buffer.from([0xe7, 0x16, 0xe3, 0xbd, 0x65, 0x26, 0x11, 0x45, 0xa4, 0xc4, 0x8d, 0x4d, 0x0b, 0x7a, 0x9e, 0xac]);

/** OneNote FileDataStoreObject: GUID, u64 length, u32 unused, u64 reserved, then the embedded file's bytes. */
export async function analyseOneNote(ctx: AnalyserContext): Promise<void> {
  const buf = Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength);
  let found = 0;
  for (let p = buf.indexOf(FILE_DATA_GUID); p >= 0 && found < 100; p = buf.indexOf(FILE_DATA_GUID, p + 16)) {
    if (p + 36 > buf.length) break;
    const len = Number(buf.readBigUInt64LE(p + 16));
    const start = p + 36;
    if (len <= 0 || start + len > buf.length) continue;
    found++;
    ctx.flag('onenote_embedded_file');
    if (!ctx.budget.takeEntry()) {
      ctx.flag('entry_limit');
      break;
    }
    await ctx.child(`onenote_embedded_${found}`, ctx.bytes.subarray(start, start + len));
  }
  setScan(ctx.node, 'onenote', { embedded_files: found });
  for (const u of urlsInText(printableStrings(ctx.bytes, 8, 300).join('\n'), 50)) ctx.link(u, 'attachment');
}
