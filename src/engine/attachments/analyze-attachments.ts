/**
 * The attachment analysis stage of a scan: every attachment and inline image is exploded into a FileNode tree
 * (`attachment.explode`), and what was found inside — links, text — is fed back into the message so that the
 * same link detectors and MQL rules that read the body read it too. All of it shares one budget per message.
 */
import type { Attachment, Link, MessageModel } from '../../core/message.ts';
import type { Limits } from '../limits.ts';
import { AnalysisBudget } from './budget.ts';
import { explodeFile, type LinkSink } from './explode.ts';
import type { FileKind } from './file-type.ts';
import { refinedFileType } from './file-type-name.ts';
import type { MalwareScanner } from './clamd.ts';
import { describeError } from '../../core/errors.ts';
import { passwordCandidates } from './password-candidates.ts';
import { bodyEncodedFiles } from './body-encoded-files.ts';

/** Optional collaborators of the analysis. */
export interface AnalyzeOptions {
  /** A signature scanner (clamd) run on each attachment as sent; it unpacks archives itself. */
  malwareScanner?: MalwareScanner;
}

const MAX_STRING_LINES = 2000;

function linkSink(model: MessageModel, limits: Limits): LinkSink {
  const seen = new Set(model.body.links.map((l) => `${l.parser}\n${l.href_url.url}`));
  return {
    add(link: Link): boolean {
      const key = `${link.parser}\n${link.href_url.url}`;
      if (seen.has(key)) return true;
      if (model.body.links.length >= limits.maxUrls) return false;
      seen.add(key);
      model.body.links.push(link);
      return true;
    },
  };
}

/** Sublime's `scan.strings.strings` is the list of lines; rules match either it or `raw`. */
function finishStrings(attachment: Attachment): void {
  for (const node of attachment.explode ?? []) {
    const strings = node.scan.strings as { raw: string; strings?: string[] } | undefined;
    if (!strings || strings.strings) continue;
    const lines: string[] = [];
    for (const line of strings.raw.split(/\r?\n/)) {
      const t = line.trim();
      if (t && lines.push(t) >= MAX_STRING_LINES) break;
    }
    strings.strings = lines;
  }
}

/** A scanner failure is recorded on the node (`scan.clamav.error`) and the analysis goes on. */
async function signatureScan(scanner: MalwareScanner, attachment: Attachment, bytes: Uint8Array): Promise<void> {
  const root = attachment.explode?.[0];
  if (!root) return;
  try {
    const { signature } = await scanner.scan(bytes);
    root.scan.clamav = { signature };
    if (signature) root.flags.push('clamav');
  } catch (err) {
    root.scan.clamav = { signature: null, error: describeError(err).slice(0, 200) };
  }
}

export async function analyzeAttachments(model: MessageModel, limits: Limits, options: AnalyzeOptions = {}): Promise<void> {
  const budget = new AnalysisBudget(limits);
  const fromBody = bodyEncodedFiles(model, budget);
  for (const { attachment } of fromBody) model.attachments.push(attachment);
  if (model.attachments.length === 0) return;
  budget.passwords = passwordCandidates(`${model.subject.subject}\n${model.body.current_thread.text}\n${model.body.plain?.raw ?? model.body.html?.display_text ?? ''}`);
  const sink = linkSink(model, limits);
  for (const attachment of model.attachments) {
    const bytes = attachment.raw;
    if (!bytes) continue;
    attachment.explode = await explodeFile(attachment.file_name, bytes, budget, sink);
    finishStrings(attachment);
    const root = attachment.explode[0];
    const kind = (root?.scan.type as { kind?: FileKind } | undefined)?.kind;
    if (kind) attachment.file_type = refinedFileType(attachment.file_type, attachment.file_extension, kind);
    if (options.malwareScanner) await signatureScan(options.malwareScanner, attachment, bytes);
    const bodyFile = fromBody.find((f) => f.attachment === attachment);
    if (root && bodyFile) root.scan.encoded = { format: bodyFile.format, source: 'body' };
    if (root) root.scan.work = { ...budget.counters, limitsHit: [...budget.counters.limitsHit] };
  }
}
