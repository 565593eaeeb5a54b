/**
 * What `mailwarden scan` reads: files, folders (recursive), mbox files and stdin, turned into a stream of
 * messages. Folders are listed first (paths only, so progress can show a total); message bytes are read only
 * when a worker is ready for them.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isMbox, MboxSplitter, splitMbox } from './scan-mbox.ts';

export interface ScanSource {
  /** A path, or `-` for stdin. */
  path: string;
}

export interface ScanItem {
  /** The name output uses: the path, with `#n` for the n-th message of an mbox. */
  file: string;
  raw: Uint8Array;
}

/** Extensions that are never a message, so folders full of them are not sniffed byte by byte. */
const NOT_MAIL = new Set(['.json', '.js', '.ts', '.md', '.yml', '.yaml', '.csv', '.pdf', '.png', '.jpg', '.jpeg', '.gif', '.zip', '.gz', '.html', '.htm', '.xml', '.doc', '.docx', '.xls', '.xlsx', '.exe', '.py']);
const MAIL_EXT = new Set(['.eml', '.mbox', '.mbx', '.mail', '.msg822']);

/** Expands folders into the files to scan, in a stable (sorted) order. Throws on a path that cannot be read. */
export async function listSources(paths: string[]): Promise<ScanSource[]> {
  const out: ScanSource[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push({ path });
      continue;
    }
    const s = await stat(path);
    if (s.isDirectory()) await walk(path, out);
    else out.push({ path });
  }
  return out;
}

async function walk(dir: string, out: ScanSource[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    // Symbolic links are followed to files only: following linked folders could loop.
    const isFile = e.isFile() || (e.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false)));
    if (e.isDirectory()) await walk(path, out);
    else if (isFile && (await isCandidate(path, e.name))) out.push({ path });
  }
}

/** `.eml`/`.mbox` files, and files of any other non-excluded kind whose first bytes look like a message. */
async function isCandidate(path: string, name: string): Promise<boolean> {
  const ext = extname(name).toLowerCase();
  if (MAIL_EXT.has(ext)) return true;
  if (NOT_MAIL.has(ext)) return false;
  return looksLikeMail(await head(path, 2048));
}

/** An mbox envelope line, or a first line that is a header field followed by another header field. */
export function looksLikeMail(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('latin1');
  if (text.startsWith('From ')) return true;
  const lines = text.split(/\r?\n/, 3);
  const header = /^[!-9;-~]{1,76}:[ \t]?\S?/;
  return lines.length >= 2 && header.test(lines[0]!) && (header.test(lines[1]!) || /^[ \t]/.test(lines[1]!));
}

async function head(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Reads one source into its messages: one for an .eml, several for an mbox. */
export async function readSource(source: ScanSource, stdin: () => Promise<Uint8Array>): Promise<ScanItem[]> {
  const out: ScanItem[] = [];
  for await (const item of readSourceItems(source, stdin)) out.push(item);
  return out;
}

/** Chunk size for reading mbox files: one message at a time is held, never the whole mailbox. */
const MBOX_CHUNK = 1024 * 1024;

/**
 * The messages of one source as they are read. An mbox streams through the splitter; its messages are named
 * `path#n` unless it holds just one (SpamAssassin's corpus stores single messages with an envelope line).
 */
export async function* readSourceItems(source: ScanSource, stdin: () => Promise<Uint8Array>): AsyncGenerator<ScanItem> {
  if (source.path === '-') {
    const raw = await stdin();
    yield* named(source.path, isMbox(raw) ? splitMbox(raw) : [raw]);
    return;
  }
  if (!isMbox(await head(source.path, 5))) {
    yield { file: source.path, raw: await readFile(source.path) };
    return;
  }
  const splitter = new MboxSplitter();
  async function* messages(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(source.path, { highWaterMark: MBOX_CHUNK })) yield* splitter.push(chunk as Buffer);
    yield* splitter.end();
  }
  yield* named(source.path, messages());
}

async function* named(path: string, messages: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<ScanItem> {
  let first: Uint8Array | null = null;
  let n = 0;
  for await (const m of messages) {
    n++;
    if (n === 1) {
      first = m;
      continue;
    }
    if (n === 2) yield { file: `${path}#1`, raw: first! };
    yield { file: `${path}#${n}`, raw: m };
  }
  if (n === 1) yield { file: path, raw: first! };
}

export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
