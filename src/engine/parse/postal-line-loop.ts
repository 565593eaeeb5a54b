import { createHash } from 'node:crypto';
import PostalMime from 'postal-mime';

/**
 * postal-mime 4 reads a message one line at a time: a JavaScript byte loop finds each line end, and every line
 * goes through `await this.processLine(...)`, an async call, so each line of a message costs a promise and a
 * microtask. That loop was the largest single cost of parsing. This replacement finds line ends natively
 * (`indexOf`) and hands a line straight to the current part's synchronous `feed` when `processLine` would do
 * exactly that: the line cannot be a boundary (no boundary is open or it does not start with `--`) and it is not
 * the last line (the last one triggers finalisation). Boundary candidates and the last line still go through
 * `processLine`. The bytes each part receives, and the order, are unchanged.
 *
 * The replacement copies postal-mime's own `parse` and relies on the shape of `processLine` and `readLine`,
 * so it is installed only when their source is exactly the one it was written against (a fingerprint below);
 * after an upgrade that changes them, parsing stays correct and only slower until this is reviewed.
 */
const FINGERPRINTS = {
  parse: 'a42832461677309d',
  processLine: 'cd757231d3b0602a',
  readLine: 'f9a96d51a8b12d5f',
};

interface LineParser {
  started: boolean;
  buf: ArrayBuffer;
  av: Uint8Array;
  readPos: number;
  boundaries: unknown[];
  currentNode: { feed(line: Uint8Array): void };
  options: { forceRfc822Attachments?: boolean };
  forceRfc822Attachments: boolean;
  resolveInput(buf: unknown): Promise<ArrayBuffer>;
  processLine(line: Uint8Array, isFinal: boolean): Promise<unknown>;
  hasReportParts(): boolean;
  collectNode(node: unknown, alternative: boolean, related: boolean): Promise<void>;
  renderTextContent(): void;
  buildMessage(): unknown;
  encodeAttachments(): void;
  root: unknown;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

async function parse(this: LineParser, input: unknown): Promise<unknown> {
  if (this.started) throw new Error('Can not reuse parser, create a new PostalMime object');
  this.started = true;
  this.buf = await this.resolveInput(input);
  const av = (this.av = new Uint8Array(this.buf));
  const length = av.length;
  this.readPos = 0;
  while (this.readPos < length) {
    const start = this.readPos;
    const lf = av.indexOf(LF, start);
    // readLine's line: up to the LF (or the end), without the CRs that end it.
    let end = lf < 0 ? length : lf;
    while (end > start && av[end - 1] === CR) end--;
    this.readPos = lf < 0 ? length : lf + 1;
    const line = new Uint8Array(this.buf, start, end - start);
    const done = this.readPos >= length;
    const maybeBoundary = this.boundaries.length > 0 && line.length > 2 && line[0] === DASH && line[1] === DASH;
    if (done || maybeBoundary) await this.processLine(line, done);
    else this.currentNode.feed(line);
  }
  this.forceRfc822Attachments = Boolean(this.options.forceRfc822Attachments) || this.hasReportParts();
  await this.collectNode(this.root, false, false);
  this.renderTextContent();
  const message = this.buildMessage();
  this.encodeAttachments();
  return message;
}

/** A short hash of a function's source, to tell whether postal-mime still has the code this file mirrors. */
export function sourceFingerprint(fn: unknown): string {
  return createHash('sha256').update(String(fn)).digest('hex').slice(0, 16);
}

let installed: boolean | null = null;
/** postal-mime's own parse, kept so tests can run both side by side. */
export let originalPostalParse: ((this: unknown, input: unknown) => Promise<unknown>) | null = null;

/** Installs the native line loop when postal-mime's parse loop is the one it mirrors; true when installed. */
export function installPostalLineLoop(): boolean {
  if (installed !== null) return installed;
  const proto = PostalMime.prototype as unknown as Record<keyof typeof FINGERPRINTS, unknown>;
  installed = (Object.keys(FINGERPRINTS) as (keyof typeof FINGERPRINTS)[]).every((name) => sourceFingerprint(proto[name]) === FINGERPRINTS[name]);
  if (installed) {
    originalPostalParse = proto.parse as typeof originalPostalParse;
    (proto as unknown as { parse: typeof parse }).parse = parse;
  }
  return installed;
}
