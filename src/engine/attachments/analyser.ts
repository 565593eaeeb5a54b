/**
 * The contract every format analyser implements. An analyser reads one file's bytes and reports into its
 * node: flags, `scan.<analyser>` details, extracted text and links, and nested files to unpack. It never
 * recurses itself: `child` does that under the depth, entry and time limits.
 */
import type { FileNode, LinkParser } from '../../core/message.ts';
import type { AnalysisBudget } from './budget.ts';
import type { FileType } from './file-type.ts';

export interface AnalyserContext {
  node: FileNode;
  bytes: Uint8Array;
  type: FileType;
  budget: AnalysisBudget;
  /** Adds a nested file: it becomes a child node analysed in turn, unless a limit stops it (then flagged). */
  child(name: string | null, bytes: Uint8Array): Promise<void>;
  /** Records a URL found in the file; it joins `model.body.links` (bounded by `maxUrls`). */
  link(url: string, parser: LinkParser, displayText?: string | null): void;
  /** Appends extracted text to the node's `scan.strings` (bounded by `maxTextLength`). */
  text(text: string): void;
  flag(flag: string): void;
}

export type Analyser = (ctx: AnalyserContext) => Promise<void> | void;

/** Stores `value` under `node.scan[key]`, merging with what another analyser put there. */
export function setScan(node: FileNode, key: string, value: Record<string, unknown>): void {
  const prev = node.scan[key];
  node.scan[key] = prev && typeof prev === 'object' ? { ...(prev as Record<string, unknown>), ...value } : value;
}

/** Latin-1 view of bytes: one char per byte, so offsets and byte patterns survive. */
export function latin1(bytes: Uint8Array, max = bytes.length): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(max, bytes.length)).toString('latin1');
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>()[\]{}\\^`|]{3,2000}/gi;

/** Absolute http(s) URLs spelled out in free text, at most `max`. */
export function urlsInText(text: string, max: number): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    out.push(m[0].replace(/[.,;:!?]+$/, ''));
    if (out.length >= max) break;
  }
  return out;
}
