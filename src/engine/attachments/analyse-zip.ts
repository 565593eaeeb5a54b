/**
 * Zip archives (and the zip containers of OOXML/ODF documents): lists every entry, names the encrypted ones,
 * refuses entries whose declared or actual expansion is bomb-shaped, and unpacks the rest as child nodes.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { entryData, inflateEntry, listZip, type ZipEntry } from './zip-reader.ts';
import { inspectOoxml, isOoxmlPart } from './analyse-ooxml.ts';
import { crc32, zipDecrypt } from './zip-crypto.ts';

/** Small entries may compress extremely well (runs of spaces in XML); a bomb needs real size as well. */
const BOMB_FLOOR_BYTES = 1024 * 1024;

export async function analyseZip(ctx: AnalyserContext): Promise<void> {
  const { budget } = ctx;
  const limits = budget.limits;
  const listing = listZip(ctx.bytes, limits.maxArchiveEntries + 1);
  const entries = listing.entries;
  const isOffice = entries.some((e) => e.name === '[Content_Types].xml');
  const encrypted = entries.filter((e) => e.encrypted && !e.isDirectory);
  setScan(ctx.node, 'zip', {
    encrypted: encrypted.length > 0,
    encrypted_files: encrypted.slice(0, 100).map((e) => e.name),
    all_paths: entries.slice(0, 1000).map((e) => e.name),
    entry_count: listing.declaredCount,
    ...(listing.recovered ? { recovered: true } : {}),
  });
  if (entries.length === 0) {
    ctx.flag('corrupt_archive');
    return;
  }
  if (listing.recovered) ctx.flag('corrupt_archive');
  if (encrypted.length > 0) ctx.flag('encrypted_archive');
  const password = encrypted.length > 0 ? findPassword(ctx, encrypted, budget.passwords) : null;
  if (password !== null) {
    ctx.flag('password_in_body');
    setScan(ctx.node, 'encrypted_zip', { cracked_password: password });
  }
  if (isOffice) ctx.flag('ooxml');
  const parts = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.isDirectory || (entry.encrypted && (password === null || entry.method === 99))) continue;
    if (!budget.takeEntry()) {
      ctx.flag('entry_limit');
      break;
    }
    if (!budget.hasTime()) {
      ctx.flag('time_budget');
      break;
    }
    const bytes = expand(ctx, entry, entry.encrypted ? password : null);
    if (!bytes) continue;
    if (isOffice && isOoxmlPart(entry.name)) parts.set(entry.name, bytes);
    await ctx.child(entry.name, bytes);
  }
  if (isOffice) inspectOoxml(ctx, parts);
}

/** Inflates one entry within the ratio and the message's expanded-bytes allowance; null when refused. */
/** The ZipCrypto header's last byte must equal this: the CRC's high byte, or the time's with a data descriptor. */
function checkByte(entry: ZipEntry): number {
  return entry.flags & 8 ? (entry.modTime >>> 8) & 0xff : entry.crc >>> 24;
}

/** The first candidate that decrypts an entry to content whose CRC matches; null when none does. */
function findPassword(ctx: AnalyserContext, encrypted: ZipEntry[], candidates: readonly string[]): string | null {
  const probe = encrypted.find((e) => e.method !== 99 && e.uncompressedSize <= 64 * 1024 * 1024);
  if (!probe || candidates.length === 0) return null;
  const data = entryData(ctx.bytes, probe);
  if (!data) return null;
  for (const candidate of candidates) {
    const plain = zipDecrypt(data, candidate, checkByte(probe));
    if (!plain) continue;
    const result = inflateEntry(plain, probe.method, Math.max(probe.uncompressedSize, 1));
    if (result.ok && crc32(result.bytes) === probe.crc) return candidate;
  }
  return null;
}

function expand(ctx: AnalyserContext, entry: ZipEntry, password: string | null): Uint8Array | null {
  const { budget } = ctx;
  const limits = budget.limits;
  const declaredRatio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : entry.uncompressedSize > 0 ? Infinity : 0;
  if (declaredRatio > limits.maxCompressionRatio && entry.uncompressedSize > BOMB_FLOOR_BYTES) {
    ctx.flag('archive_bomb');
    budget.hit('compression_ratio');
    return null;
  }
  const stored = entryData(ctx.bytes, entry);
  const data = stored && password !== null ? zipDecrypt(stored, password, checkByte(entry)) : stored;
  if (!data) {
    ctx.flag('corrupt_archive');
    return null;
  }
  const ratioCap = Math.max(data.length * limits.maxCompressionRatio, BOMB_FLOOR_BYTES);
  const remaining = budget.remainingExpandedBytes();
  const cap = Math.min(ratioCap, remaining);
  if (entry.method !== 0) budget.counters.inflations++;
  const result = inflateEntry(data, entry.method, cap);
  if (!result.ok) {
    if (result.reason === 'cap') {
      budget.addExpanded(cap);
      ctx.flag(cap === remaining ? 'expanded_limit' : 'archive_bomb');
      budget.hit(cap === remaining ? 'expanded_bytes' : 'compression_ratio');
    } else if (result.reason === 'unsupported_method') {
      ctx.flag('unsupported_compression');
    } else {
      ctx.flag('corrupt_archive');
    }
    return null;
  }
  if (entry.method !== 0) budget.addExpanded(result.bytes.length);
  return result.bytes;
}
