/**
 * gzip, tar and cpio are unpacked (zlib counts the output against the cap); RAR, 7z, ISO/UDF, CAB, bzip2, xz, DMG and
 * the rest are named by signature and flagged as archives we do not open: a container a gateway cannot see
 * into is itself a reason for suspicion when it arrives by mail. RAR and 7z headers still list their files.
 */
import { gunzipSync } from 'node:zlib';
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { encryptionOf, sevenZipHeaders } from './seven-zip-encryption.ts';
import { sevenZipMembers } from './seven-zip-listing.ts';
import { rarEncrypted, rarMembers } from './rar-headers.ts';

export function analyseUnsupportedArchive(ctx: AnalyserContext): void {
  ctx.flag('archive_not_unpacked');
  const bytes = ctx.bytes;
  const max = ctx.budget.limits.maxArchiveEntries;
  let encrypted = false;
  let members: { name: string; size: number; directory: boolean }[] | null = null;
  if (ctx.type.kind === 'rar') {
    encrypted = rarEncrypted(bytes);
    members = rarMembers(bytes, max);
  } else if (ctx.type.kind === '7z') {
    const headers = sevenZipHeaders(bytes);
    encrypted = headers !== null && encryptionOf(headers) !== null;
    members = headers?.main ? sevenZipMembers(headers.main, max) : null;
  }
  if (encrypted) ctx.flag('encrypted_archive');
  // What the headers list, though the content stays packed: names and sizes say what the archive carries.
  const listing = members
    ? { all_paths: members.slice(0, 1000).map((m) => m.name), files: members.filter((m) => !m.directory).map((m) => ({ name: m.name, size: m.size })) }
    : {};
  setScan(ctx.node, 'archive', { format: ctx.type.kind, unpacked: false, encrypted, ...listing });
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

/**
 * cpio in its three common formats: "newc"/"crc" (ASCII hex, 110-byte header, 4-byte alignment), "odc"
 * (ASCII octal, 76-byte header) and old binary (26-byte header, either byte order, 2-byte alignment).
 */
export async function analyseCpio(ctx: AnalyserContext): Promise<void> {
  const b = ctx.bytes;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const paths: string[] = [];
  for (let p = 0, n = 0; p + 26 <= b.length && n < 100_000; n++) {
    const magic = buf.toString('latin1', p, p + 6);
    let name: string;
    let size: number;
    let next: number;
    let dataStart: number;
    if (magic === '070701' || magic === '070702') {
      const field = (i: number): number => parseInt(buf.toString('latin1', p + 6 + i * 8, p + 14 + i * 8), 16) || 0;
      size = field(6);
      const nameSize = field(11);
      name = buf.toString('latin1', p + 110, p + 110 + nameSize - 1);
      dataStart = (p + 110 + nameSize + 3) & ~3;
      next = (dataStart + size + 3) & ~3;
    } else if (magic === '070707') {
      const nameSize = parseInt(buf.toString('latin1', p + 59, p + 65), 8) || 0;
      size = parseInt(buf.toString('latin1', p + 65, p + 76), 8) || 0;
      name = buf.toString('latin1', p + 76, p + 76 + nameSize - 1);
      dataStart = p + 76 + nameSize;
      next = dataStart + size;
    } else if (buf.readUInt16LE(p) === 0o70707 || buf.readUInt16BE(p) === 0o70707) {
      const le = buf.readUInt16LE(p) === 0o70707;
      const u16 = (o: number): number => (le ? buf.readUInt16LE(p + o) : buf.readUInt16BE(p + o));
      const nameSize = u16(20);
      size = u16(22) * 65536 + u16(24);
      name = buf.toString('latin1', p + 26, p + 26 + nameSize - 1);
      dataStart = (p + 26 + nameSize + 1) & ~1;
      next = (dataStart + size + 1) & ~1;
    } else {
      break;
    }
    if (name === 'TRAILER!!!') break;
    paths.push(name);
    if (size > 0) {
      if (!ctx.budget.takeEntry()) {
        ctx.flag('entry_limit');
        break;
      }
      await ctx.child(name, b.subarray(dataStart, Math.min(b.length, dataStart + size)));
    }
    if (next <= p) break;
    p = next;
  }
  setScan(ctx.node, 'archive', { format: 'cpio', unpacked: true, all_paths: paths.slice(0, 1000) });
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
