/** How `mailwarden scan` prints a result: one JSON object per line, or a human table row plus explanations. */
import type { FileNode } from '../core/message.ts';
import type { ScanResult } from '../engine/scan-message.ts';

export interface ScanLine {
  file: string;
  verdict: string;
  score: number;
  findings: { rule: string; detector: string; score: number; evidence: string; description?: string }[];
  failures: { detector: string; error: string; timedOut: boolean }[];
  ms: number;
  attachments?: AttachmentTreeNode[];
  /** With --explain: what the parser had to cut or could not read (limits, malformed MIME). */
  parse_warnings?: string[];
}

/** An attachment and what was found inside it, as a tree (the explode nodes nested by parent). */
export interface AttachmentTreeNode {
  name: string | null;
  type: string | null;
  size: number;
  depth: number;
  flags: string[];
  children: AttachmentTreeNode[];
}

export function toScanLine(file: string, result: ScanResult, explain: boolean): ScanLine {
  const v = result.verdict;
  const line: ScanLine = {
    file,
    verdict: v.verdict,
    score: v.score,
    findings: v.findings.map((f) => ({ rule: f.rule, detector: f.detector, score: f.score, evidence: f.evidence, ...(explain ? { description: f.description } : {}) })),
    failures: v.failures,
    ms: Math.round(result.ms * 100) / 100,
  };
  if (explain) {
    line.attachments = attachmentTree(result);
    line.parse_warnings = result.model.parse.warnings;
  }
  return line;
}

export function attachmentTree(result: ScanResult): AttachmentTreeNode[] {
  return result.model.attachments.map((a) => {
    const nodes = a.explode ?? [];
    const byId = new Map<number, AttachmentTreeNode>();
    const roots: AttachmentTreeNode[] = [];
    for (const n of nodes) {
      const t = treeNode(n);
      byId.set(n.id, t);
      const parent = n.parent_id === null ? undefined : byId.get(n.parent_id);
      if (parent) parent.children.push(t);
      else roots.push(t);
    }
    // explode's first node is the attachment itself; without analysis, describe the attachment directly.
    if (roots.length === 1 && roots[0]!.depth === 0) return roots[0]!;
    return { name: a.file_name, type: a.file_type ?? a.content_type, size: a.size, depth: 0, flags: [], children: roots };
  });
}

function treeNode(n: FileNode): AttachmentTreeNode {
  return { name: n.file_name, type: n.flavors.mime ?? n.file_extension, size: n.size, depth: n.depth, flags: [...n.flags], children: [] };
}

export function formatJson(line: ScanLine): string {
  return JSON.stringify(line);
}

const VERDICT_WIDTH = 10;

export function tableHeader(): string {
  return `${'VERDICT'.padEnd(VERDICT_WIDTH)} ${'SCORE'.padStart(6)} ${'MS'.padStart(7)}  FILE  [top findings]`;
}

export function formatRow(line: ScanLine): string {
  const top = line.findings.slice(0, 3).map((f) => f.rule);
  const more = line.findings.length > 3 ? ` +${line.findings.length - 3}` : '';
  const failed = line.failures.length ? `  !${line.failures.length} detector failure(s)` : '';
  return `${line.verdict.toUpperCase().padEnd(VERDICT_WIDTH)} ${line.score.toFixed(2).padStart(6)} ${line.ms.toFixed(1).padStart(7)}  ${line.file}${top.length ? `  [${top.join(', ')}${more}]` : ''}${failed}`;
}

/** The --explain block under a row: each finding's description and evidence, then the attachment tree. */
export function formatExplain(line: ScanLine): string {
  const out: string[] = [];
  for (const f of line.findings) out.push(`    +${f.score.toFixed(2)} ${f.rule} (${f.detector}): ${f.description ?? ''}\n        ${f.evidence}`);
  for (const x of line.failures) out.push(`    ! ${x.detector} ${x.timedOut ? 'timed out' : 'failed'}: ${x.error}`);
  for (const w of line.parse_warnings ?? []) out.push(`    ! parse: ${w}`);
  if (line.attachments?.length) {
    out.push('    attachments:');
    const walk = (n: AttachmentTreeNode, indent: number) => {
      const flags = n.flags.length ? `  {${n.flags.join(', ')}}` : '';
      out.push(`${' '.repeat(6 + indent * 2)}${n.name ?? '(unnamed)'} [${n.type ?? '?'}] ${n.size} B${flags}`);
      for (const c of n.children) walk(c, indent + 1);
    };
    for (const a of line.attachments) walk(a, 0);
  }
  return out.join('\n');
}

export function formatSummary(counts: Map<string, number>, total: number, errors: number, seconds: number): string {
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
  const rate = seconds > 0 ? ` (${(total / seconds).toFixed(0)} msg/s)` : '';
  return `${total} message(s) scanned in ${seconds.toFixed(1)} s${rate}: ${parts.join(', ') || 'none'}${errors ? `; ${errors} read error(s)` : ''}`;
}
