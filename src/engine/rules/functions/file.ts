/**
 * `file.*` over an attachment (or an exploded node): `explode` returns what the attachment analysis found
 * (computed on demand as just the attachment itself when the analysis did not run), `expand_archives` the
 * archive members among it (./expand-archives.ts), `parse_text` and `parse_html` read the attachment's own
 * bytes as text.
 */
import type { Attachment, FileNode } from '../../../core/message.ts';
import type { Value } from '../values.ts';
import { expandArchives } from './expand-archives.ts';
import { htmlView } from './html-text.ts';
import type { FnTable } from './types.ts';

/** Bytes of an attachment decoded as text by `file.parse_*`. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

function isAttachment(v: Value): v is Attachment {
  return typeof v === 'object' && v !== null && 'sha256' in v && 'content_type' in v;
}

function selfNode(a: Attachment): FileNode {
  return {
    id: 0,
    depth: 0,
    parent_id: null,
    file_name: a.file_name,
    file_extension: a.file_extension,
    size: a.size,
    sha256: a.sha256,
    flavors: { mime: a.content_type, yara: [] },
    scan: {},
    flags: [],
  };
}

function textOf(v: Value): string | null {
  if (!isAttachment(v) || !v.raw) return null;
  return Buffer.from(v.raw.buffer, v.raw.byteOffset, Math.min(v.raw.byteLength, MAX_TEXT_BYTES)).toString('utf8');
}

/**
 * One parse per attachment per kind, however many rules ask (`any(attachments, … file.parse_html(.) …)` is
 * item-dependent, so the compiler's memo cannot share it). The views are read-only values, safe to share;
 * sharing the HTML view also lets `html.xpath` reuse its DOM.
 */
const parsedHtml = new WeakMap<object, Value>();
const parsedText = new WeakMap<object, Value>();
const expanded = new WeakMap<object, Value>();

function once(cache: WeakMap<object, Value>, a: Value, parse: (a: Value) => Value): Value {
  if (typeof a !== 'object' || a === null) return parse(a);
  if (cache.has(a)) return cache.get(a);
  const v = parse(a);
  cache.set(a, v);
  return v;
}

export const FILE_FUNCTIONS: FnTable = {
  'file.explode': {
    minArgs: 1,
    maxArgs: 1,
    call: ([a]) => (isAttachment(a) ? (a.explode ?? [selfNode(a)]) : null),
  },
  'file.expand_archives': {
    minArgs: 1,
    maxArgs: 1,
    // Without the analysis (no `explode`) an empty archive cannot be told from an unread one: null, not [].
    call: ([a]) => (isAttachment(a) && a.explode ? once(expanded, a, () => ({ files: expandArchives(a.explode!) })) : null),
  },
  'file.parse_text': {
    minArgs: 1,
    maxArgs: 1,
    call: ([a]) =>
      once(parsedText, a, (x) => {
        const text = textOf(x);
        return text === null ? null : { text };
      }),
  },
  'file.parse_html': {
    minArgs: 1,
    maxArgs: 1,
    call: ([a]) =>
      once(parsedHtml, a, (x) => {
        const raw = textOf(x);
        return raw === null ? null : htmlView(raw);
      }),
  },
};
