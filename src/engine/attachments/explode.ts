/**
 * Builds the FileNode tree of one attachment: hashes and types every file, runs the analyser for its real
 * type, and unpacks nested files depth-first under the limits. A limit that stops the work becomes a flag on
 * the node where it happened; an analyser that throws is recorded on its node and the walk goes on.
 */
import { createHash } from 'node:crypto';
import type { FileNode, Link, LinkParser } from '../../core/message.ts';
import { describeError } from '../../core/errors.ts';
import type { AnalysisBudget } from './budget.ts';
import { extensionOf, sniffFileType } from './file-type.ts';
import { isDangerousExtension, isDangerousKind, isDoubleExtension, isTypeMismatch } from './type-policy.ts';
import type { Analyser, AnalyserContext } from './analyser.ts';
import { ANALYSERS } from './analysers.ts';
import { linkFromUrl } from './link-from-url.ts';

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** Where found links go: shared by every node of the message so `maxUrls` holds across attachments. */
export interface LinkSink {
  add(link: Link): boolean;
}

interface Walk {
  nodes: FileNode[];
  budget: AnalysisBudget;
  links: LinkSink;
}

/** Explodes one attachment into `FileNode`s; the first node is the attachment itself. */
export async function explodeFile(name: string | null, bytes: Uint8Array, budget: AnalysisBudget, links: LinkSink): Promise<FileNode[]> {
  const walk: Walk = { nodes: [], budget, links };
  await visit(walk, name, bytes, null);
  return walk.nodes;
}

function newNode(walk: Walk, name: string | null, bytes: Uint8Array, parent: FileNode | null): FileNode {
  const node: FileNode = {
    id: walk.nodes.length,
    depth: parent ? parent.depth + 1 : 0,
    parent_id: parent ? parent.id : null,
    file_name: name,
    file_extension: extensionOf(name),
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    flavors: { mime: null, yara: [] },
    scan: {},
    flags: [],
  };
  walk.nodes.push(node);
  walk.budget.counters.nodes++;
  return node;
}

async function visit(walk: Walk, name: string | null, bytes: Uint8Array, parent: FileNode | null): Promise<void> {
  const node = newNode(walk, name, bytes, parent);
  const type = sniffFileType(bytes);
  node.flavors.mime = type.mime;
  node.scan.type = { kind: type.kind };
  const flag = (f: string): void => {
    if (!node.flags.includes(f)) node.flags.push(f);
  };
  if (isDangerousKind(type.kind) || isDangerousExtension(node.file_extension)) flag('dangerous_type');
  if (isTypeMismatch(node.file_extension, type.kind)) flag('type_mismatch');
  if (isDoubleExtension(name)) flag('double_extension');
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(EICAR, 0, 'latin1')) flag('eicar');

  const analyser: Analyser | undefined = ANALYSERS[type.kind];
  if (!analyser) return;
  if (!walk.budget.hasTime()) {
    flag('time_budget');
    return;
  }
  const ctx = contextFor(walk, node, bytes, type, flag);
  try {
    await analyser(ctx);
  } catch (err) {
    // A parser library choking on hostile input is a fact about the file, not a crash of the scan.
    node.scan.error = describeError(err).slice(0, 200);
    flag('analysis_error');
  }
}

function contextFor(walk: Walk, node: FileNode, bytes: Uint8Array, type: AnalyserContext['type'], flag: (f: string) => void): AnalyserContext {
  const limits = walk.budget.limits;
  let textLength = 0;
  return {
    node, bytes, type, budget: walk.budget, flag,
    async child(childName, childBytes) {
      if (node.depth + 1 > limits.maxArchiveDepth) {
        flag('nesting_limit');
        walk.budget.hit('nesting_limit');
        return;
      }
      if (!walk.budget.hasTime()) {
        flag('time_budget');
        return;
      }
      await visit(walk, childName, childBytes, node);
    },
    link(url: string, parser: LinkParser, displayText?: string | null) {
      const link = linkFromUrl(url, parser, displayText ?? null);
      if (!link) return;
      const urls = ((node.scan.url as { urls?: unknown[] } | undefined)?.urls ?? []) as unknown[];
      if (urls.length < limits.maxUrls) urls.push(link.href_url);
      node.scan.url = { urls };
      if (!walk.links.add(link)) flag('url_limit');
    },
    text(text: string) {
      if (!text) return;
      const room = limits.maxTextLength - textLength;
      if (room <= 0) return;
      const piece = text.length > room ? text.slice(0, room) : text;
      textLength += piece.length;
      const strings = (node.scan.strings as { raw: string } | undefined) ?? { raw: '' };
      strings.raw = strings.raw ? `${strings.raw}\n${piece}` : piece;
      node.scan.strings = strings;
      if (piece.length < text.length) flag('text_truncated');
    },
  };
}
