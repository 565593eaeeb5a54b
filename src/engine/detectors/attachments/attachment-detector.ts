/**
 * Reads the attachment analysis (`attachments[].explode`, filled before detectors run) and reports one finding
 * per rule, with the path of the first file that raised it as evidence. It adds two checks that need the
 * whole message or the tenant's lists: an encrypted attachment whose password is written in the body, and
 * SHA-256 matches against the `bad_hashes` list.
 */
import type { Attachment, FileNode, MessageModel } from '../../../core/message.ts';
import type { Finding, RuleInfo } from '../../../core/verdict.ts';
import type { Detector, DetectorContext } from '../../detector.ts';
import { ATTACHMENT_RULES, type AttachmentRuleId } from './rules.ts';
import { passwordInText } from './password-in-body.ts';

const RULES: Record<string, RuleInfo> = Object.fromEntries(
  Object.entries(ATTACHMENT_RULES).map(([id, r]) => [id, { weight: r.weight, category: r.category, description: r.description }]),
);

/** Rules that fire per flag, looked up from the flag. */
const RULE_BY_FLAG = new Map<string, AttachmentRuleId>();
for (const [id, rule] of Object.entries(ATTACHMENT_RULES) as [AttachmentRuleId, (typeof ATTACHMENT_RULES)[AttachmentRuleId]][]) {
  for (const flag of rule.flags) RULE_BY_FLAG.set(flag, id);
}

/** `invoice.zip > docs/invoice.docm`: the path from the attachment down to the node. */
function nodePath(nodes: readonly FileNode[], node: FileNode): string {
  const names: string[] = [];
  for (let n: FileNode | undefined = node; n; n = n.parent_id === null ? undefined : nodes[n.parent_id]) names.unshift(n.file_name ?? `#${n.id}`);
  return names.join(' > ');
}

/**
 * An Internet shortcut to a web page is a link in a file; people do mail those. Executables, scripts,
 * shortcuts to programs and disk images are another matter.
 */
function dangerConfidence(node: FileNode): number {
  const kind = (node.scan.type as { kind?: string } | undefined)?.kind;
  if (kind === 'url_shortcut' || (node.file_extension === 'url' && kind === 'text')) return node.flags.includes('remote_share_target') ? 1 : 0.4;
  return 1;
}

function nodesOf(a: Attachment): readonly FileNode[] {
  return a.explode ?? [];
}

function bodyText(msg: MessageModel): string {
  return [msg.subject.subject, msg.body.current_thread.text, msg.body.plain?.raw ?? '', msg.body.html?.display_text ?? ''].join('\n').slice(0, 200_000);
}

function detect(msg: MessageModel, ctx: DetectorContext): Finding[] {
  const found = new Map<AttachmentRuleId, { evidence: string[]; count: number; confidence: number }>();
  const raise = (rule: AttachmentRuleId, evidence: string, confidence = 1): void => {
    const entry = found.get(rule) ?? { evidence: [], count: 0, confidence: 0 };
    entry.count++;
    entry.confidence = Math.max(entry.confidence, confidence);
    if (entry.evidence.length < 3 && !entry.evidence.includes(evidence)) entry.evidence.push(evidence);
    found.set(rule, entry);
  };
  const badHashes = ctx.lists.has('bad_hashes') ? ctx.lists.get('bad_hashes') : null;
  let encrypted: string | null = null;
  let opened: string | null = null;
  for (const attachment of msg.attachments) {
    const nodes = nodesOf(attachment);
    for (const node of nodes) {
      for (const flag of node.flags) {
        if (flag === 'password_in_body') opened = nodePath(nodes, node);
        const rule = RULE_BY_FLAG.get(flag);
        if (!rule) continue;
        const clam = flag === 'clamav' ? ` ${(node.scan.clamav as { signature?: string } | undefined)?.signature ?? ''}` : '';
        raise(rule, `${nodePath(nodes, node)}: ${flag}${clam}`, flag === 'dangerous_type' ? dangerConfidence(node) : 1);
        if ((flag === 'encrypted_archive' || flag === 'encrypted_document') && !encrypted) encrypted = nodePath(nodes, node);
      }
      if (badHashes && badHashes.has(node.sha256.toLowerCase())) raise('KNOWN_BAD_HASH', `${nodePath(nodes, node)}: sha256 ${node.sha256}`);
    }
    if (badHashes && nodes.length === 0 && badHashes.has(attachment.sha256.toLowerCase())) {
      raise('KNOWN_BAD_HASH', `${attachment.file_name ?? 'attachment'}: sha256 ${attachment.sha256}`);
    }
  }
  if (opened) {
    raise('ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY', `${opened}: opened with the password given in the message`);
  } else if (encrypted) {
    // Formats we cannot open (AES zip, RAR, 7z, encrypted Office): the phrase alone is the evidence.
    const password = passwordInText(bodyText(msg));
    if (password) raise('ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY', `${encrypted}; the message says "${password}"`);
  }
  return [...found].map(([rule, { evidence, count, confidence }]) => ({
    rule,
    confidence,
    evidence: count > evidence.length ? `${evidence.join('; ')} (+${count - evidence.length} more)` : evidence.join('; '),
  }));
}

/** The attachment detector: weights and categories in ./rules.ts. */
export const attachmentDetector: Detector = {
  id: 'attachments',
  rules: RULES,
  timeoutMs: 1000,
  detect,
};
