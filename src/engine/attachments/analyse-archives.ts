/**
 * gzip and tar are unpacked (zlib counts the output against the cap); RAR, 7z, ISO/UDF, CAB, bzip2, xz, DMG and
 * the rest are named by signature and flagged as archives we do not open: a container a gateway cannot see
 * into is itself a reason for suspicion when it arrives by mail.
 */
import { gunzipSync } from 'node:zlib';
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';

export function analyseUnsupportedArchive(ctx: AnalyserContext): void {
  ctx.flag('archive_not_unpacked');
  const bytes = ctx.bytes;
  let encrypted = false;
  // RAR5 archive-encryption header (type 4) follows the signature; RAR4 sets MHD_PASSWORD (0x80) in the main header.
  if (ctx.type.kind === 'rar') encrypted = bytes[6] === 0x01 ? bytes[8 + (bytes[7]! > 0x7f ? 2 : 1)] === 0x04 : (bytes[10]! & 0x80) !== 0;
  if (encrypted) ctx.flag('encrypted_archive');
  setScan(ctx.node, 'archive', { format: ctx.type.kind, unpacked: false, encrypted });
}

export async function analyseGzip(ctx: AnalyserContext): Promise<void> {
  const { budget } = ctx;
  const limits = budget.limits;
  if (!budget.takeEntry()) {
    ctx.flag('entry_limit');
    return;
  }
  const remaining = budget.remainingExpandedBytes();
  const cap = Math.min(remaining, Math.max(ctx.bytes.length * limits.maxCompressionRatio, 1024 * 1024));
  budget.counters.inflations++;
  let out: Buffer;
  try {
    out = gunzipSync(ctx.bytes, { maxOutputLength: Math.max(1, cap) });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      budget.addExpanded(cap);
      ctx.flag(cap === remaining ? 'expanded_limit' : 'archive_bomb');
      budget.hit(cap === remaining ? 'expanded_bytes' : 'compression_ratio');
    } else {
      ctx.flag('corrupt_archive');
    }
    return;
  }
  budget.addExpanded(out.length);
  const name = ctx.node.file_name?.replace(/\.(gz|tgz)$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : '')) ?? null;
  setScan(ctx.node, 'archive', { format: 'gzip', unpacked: true });
  await ctx.child(name, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
}

export async function analyseTar(ctx: AnalyserContext): Promise<void> {
  const b = ctx.bytes;
  const paths: string[] = [];
  for (let p = 0; p + 512 <= b.length; ) {
    const header = Buffer.from(b.buffer, b.byteOffset + p, 512);
    if (header.every((c) => c === 0)) break;
    const name = header.toString('latin1', 0, 100).replace(/\0.*$/s, '');
    const prefix = header.toString('latin1', 345, 500).replace(/\0.*$/s, '');
    const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8) || 0;
    const type = String.fromCharCode(header[156]!);
    const full = prefix ? `${prefix}/${name}` : name;
    paths.push(full);
    if ((type === '0' || type === '\0') && size > 0) {
      if (!ctx.budget.takeEntry()) {
        ctx.flag('entry_limit');
        break;
      }
      await ctx.child(full, b.subarray(p + 512, Math.min(b.length, p + 512 + size)));
    }
    p += 512 + Math.ceil(size / 512) * 512;
  }
  setScan(ctx.node, 'archive', { format: 'tar', unpacked: true, all_paths: paths.slice(0, 1000) });
}
