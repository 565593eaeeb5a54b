/**
 * The files a 7z archive lists in its main header: names, sizes, directories. We do not decompress 7z content
 * (LZMA2 and filters), but the listing alone says what the archive carries. Structure per the 7-Zip format
 * description (7zFormat.txt): streams info (pack info, folders with their coders, sub-streams with the size of
 * each file), then files info (empty-stream and empty-file bit vectors, UTF-16LE names). Anything unexpected
 * ends the listing with null: a listing is all or nothing.
 */
import { K_ADDITIONAL_STREAMS_INFO, K_ARCHIVE_PROPERTIES, K_CODERS_UNPACK_SIZE, K_CRC, K_EMPTY_FILE, K_EMPTY_STREAM, K_END, K_FILES_INFO, K_FOLDER, K_HEADER, K_MAIN_STREAMS_INFO, K_NAME, K_NUM_UNPACK_STREAM, K_PACK_INFO, K_SIZE, K_SUBSTREAMS_INFO, K_UNPACK_INFO, MAX_CODERS, Reader } from './seven-zip-header.ts';

export interface SevenZipMember {
  name: string;
  /** Uncompressed size. */
  size: number;
  directory: boolean;
}

/** Bounds on counts read from hostile headers, before anything is allocated for them. */
const MAX_FOLDERS = 100_000;
export const MAX_7Z_FILES = 200_000;

class Bad extends Error {}

function expect(r: Reader, id: number): void {
  if (r.byte() !== id) throw new Bad();
}

function count(r: Reader, max: number): number {
  const n = r.number();
  if (n > max) throw new Bad();
  return n;
}

/** A bit vector of `n` bits, most significant bit first. */
function bits(r: Reader, n: number): boolean[] {
  const bytes = r.bytes(Math.ceil(n / 8));
  return Array.from({ length: n }, (_, i) => (bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0);
}

/** Skips `n` CRCs (all, or those a bit vector marks defined); returns which were defined. */
function skipDigests(r: Reader, n: number): boolean[] {
  const defined = r.byte() !== 0 ? new Array<boolean>(n).fill(true) : bits(r, n);
  r.bytes(4 * defined.filter(Boolean).length);
  return defined;
}

/** One folder's coders and bind pairs; returns the index, among its output streams, of the folder's result. */
function readFolder(r: Reader): { outStreams: number; mainOut: number } {
  const coders = r.number();
  if (coders < 1 || coders > MAX_CODERS) throw new Bad();
  let ins = 0;
  let outs = 0;
  for (let i = 0; i < coders; i++) {
    const flags = r.byte();
    if (flags & 0x80) throw new Bad(); // alternative methods: never written by 7-Zip
    r.bytes(flags & 0x0f);
    if (flags & 0x10) {
      ins += count(r, MAX_CODERS);
      outs += count(r, MAX_CODERS);
    } else {
      ins++;
      outs++;
    }
    if (flags & 0x20) r.bytes(r.number());
  }
  const bound = new Set<number>();
  for (let i = 0; i < outs - 1; i++) {
    r.number();
    bound.add(r.number());
  }
  const packed = ins - (outs - 1);
  if (packed < 1) throw new Bad();
  if (packed > 1) for (let i = 0; i < packed; i++) r.number();
  let mainOut = 0;
  while (bound.has(mainOut)) mainOut++;
  return { outStreams: outs, mainOut };
}

/** Streams info: the size of every non-empty file, in order. */
function readStreamsInfo(r: Reader): number[] {
  // Each file takes at least two bytes of the header (its name's terminator), which bounds every count.
  const maxFiles = Math.min(r.b.length, MAX_7Z_FILES);
  let id = r.byte();
  if (id === K_PACK_INFO) {
    r.number();
    const packStreams = count(r, MAX_FOLDERS);
    id = r.byte();
    if (id === K_SIZE) {
      for (let i = 0; i < packStreams; i++) r.number();
      id = r.byte();
    }
    if (id === K_CRC) {
      skipDigests(r, packStreams);
      id = r.byte();
    }
    if (id !== K_END) throw new Bad();
    id = r.byte();
  }
  const folderSizes: number[] = [];
  let folderCrcs: boolean[] = [];
  if (id === K_UNPACK_INFO) {
    expect(r, K_FOLDER);
    const folders = count(r, MAX_FOLDERS);
    if (r.byte() !== 0) throw new Bad(); // folders stored elsewhere: not written by 7-Zip
    const shapes = Array.from({ length: folders }, () => readFolder(r));
    expect(r, K_CODERS_UNPACK_SIZE);
    for (const f of shapes) {
      let main = 0;
      for (let i = 0; i < f.outStreams; i++) {
        const size = r.number();
        if (i === f.mainOut) main = size;
      }
      folderSizes.push(main);
    }
    id = r.byte();
    if (id === K_CRC) {
      folderCrcs = skipDigests(r, folders);
      id = r.byte();
    }
    if (id !== K_END) throw new Bad();
    id = r.byte();
  }
  let perFolder = folderSizes.map(() => 1);
  let sizes = folderSizes.slice();
  if (id === K_SUBSTREAMS_INFO) {
    id = r.byte();
    if (id === K_NUM_UNPACK_STREAM) {
      perFolder = folderSizes.map(() => count(r, maxFiles));
      if (perFolder.reduce((a, b) => a + b, 0) > maxFiles) throw new Bad();
      id = r.byte();
    }
    sizes = [];
    const hasSizes = id === K_SIZE;
    folderSizes.forEach((total, f) => {
      const n = perFolder[f]!;
      if (n === 0) return;
      let sum = 0;
      for (let i = 0; i < n - 1 && hasSizes; i++) {
        const size = r.number();
        sum += size;
        sizes.push(size);
      }
      sizes.push(Math.max(0, total - sum));
    });
    if (hasSizes) id = r.byte();
    if (id === K_CRC) {
      // A file alone in its folder has the folder's CRC when that is given; every other file has its own here.
      skipDigests(r, perFolder.reduce((a, n, f) => a + (n === 1 && folderCrcs[f] ? 0 : n), 0));
      id = r.byte();
    }
    if (id !== K_END) throw new Bad();
    id = r.byte();
  }
  if (id !== K_END) throw new Bad();
  return sizes;
}

function readFilesInfo(r: Reader, sizes: number[], max: number): SevenZipMember[] {
  const files = count(r, Math.min(r.b.length, MAX_7Z_FILES));
  let emptyStream: boolean[] = new Array<boolean>(files).fill(false);
  let emptyFile: boolean[] = [];
  let names: string[] | null = null;
  for (let type = r.byte(); type !== K_END; type = r.byte()) {
    const data = new Reader(r.bytes(r.number()), 0);
    if (type === K_EMPTY_STREAM) emptyStream = bits(data, files);
    else if (type === K_EMPTY_FILE) emptyFile = bits(data, emptyStream.filter(Boolean).length);
    else if (type === K_NAME) {
      if (data.byte() !== 0) throw new Bad(); // names stored elsewhere: not written by 7-Zip
      const text = Buffer.from(data.b.buffer, data.b.byteOffset + 1, data.b.byteLength - 1).toString('utf16le');
      names = text.split('\0').slice(0, files);
    }
  }
  if (!names || names.length < files) throw new Bad();
  const out: SevenZipMember[] = [];
  let stream = 0;
  let empty = 0;
  for (let i = 0; i < files && out.length < max; i++) {
    if (emptyStream[i]) {
      out.push({ name: names[i]!, size: 0, directory: !emptyFile[empty++] });
    } else {
      out.push({ name: names[i]!, size: sizes[stream++] ?? 0, directory: false });
    }
  }
  return out;
}

/**
 * The members of a 7z archive from its main header (as `sevenZipHeaders` reads it), the first `max` of them,
 * or null when the header cannot be read.
 */
export function sevenZipMembers(main: Uint8Array, max: number): SevenZipMember[] | null {
  try {
    const r = new Reader(main, 0);
    expect(r, K_HEADER);
    let id = r.byte();
    if (id === K_ARCHIVE_PROPERTIES) {
      for (let t = r.byte(); t !== K_END; t = r.byte()) r.bytes(r.number());
      id = r.byte();
    }
    if (id === K_ADDITIONAL_STREAMS_INFO) {
      readStreamsInfo(r);
      id = r.byte();
    }
    let sizes: number[] = [];
    if (id === K_MAIN_STREAMS_INFO) {
      sizes = readStreamsInfo(r);
      id = r.byte();
    }
    if (id === K_END) return [];
    if (id !== K_FILES_INFO) return null;
    return readFilesInfo(r, sizes, max);
  } catch (err) {
    if (err instanceof Bad || err instanceof RangeError) return null;
    throw err;
  }
}
