/**
 * Views over what our attachment analysis found, in the shapes Sublime's rules read:
 * `file.oletools(.)` (macros, encryption, external relationships of Office files) and `beta.scan_qr(.)`
 * (QR codes decoded from images). Both take an attachment (all of its exploded files) or one exploded file.
 */
import type { Attachment, FileNode } from '../../../core/message.ts';
import type { Value } from '../values.ts';
import type { FnTable } from './types.ts';
import { toUrl } from './url-parts.ts';

function nodesOf(v: Value): FileNode[] | null {
  if (!v || typeof v !== 'object') return null;
  if ('flags' in v && 'scan' in v) return [v as FileNode];
  if ('sha256' in v && 'content_type' in v) return (v as Attachment).explode ?? [];
  return null;
}

interface VbaScan {
  auto_exec?: string[];
  suspicious?: string[];
}
interface OfficeScan {
  external_relationships?: { type: string; target: string }[];
}

function oletools(nodes: FileNode[]): Value {
  const flags = new Set(nodes.flatMap((n) => n.flags));
  const vba = nodes.map((n) => n.scan.vba as VbaScan | undefined).filter((x): x is VbaScan => Boolean(x));
  const autoExec = vba.flatMap((v) => v.auto_exec ?? []);
  const rels = nodes.flatMap((n) => (n.scan.office as OfficeScan | undefined)?.external_relationships ?? []);
  const macros = flags.has('vba_macro') || flags.has('xlm_macro');
  return {
    indicators: {
      vba_macros: { exists: macros, risk: autoExec.length ? 'high' : macros ? 'medium' : 'none' },
      encryption: { exists: flags.has('encrypted_document') },
    },
    macros: {
      keywords: [
        ...autoExec.map((k) => ({ keyword: k, type: 'AutoExec' })),
        ...vba.flatMap((v) => v.suspicious ?? []).map((k) => ({ keyword: k, type: 'Suspicious' })),
      ],
    },
    relationships: rels.map((r) => ({ name: r.type, type: r.type, target: r.target, target_url: toUrl(r.target) })),
  };
}

function scanQr(nodes: FileNode[]): Value {
  const items = nodes.map((n) => n.scan.qr).filter((q): q is Record<string, unknown> => Boolean(q) && typeof q === 'object');
  return { found: items.length > 0, items };
}

export const FILE_ANALYSIS_FUNCTIONS: FnTable = {
  'file.oletools': {
    minArgs: 1,
    maxArgs: 1,
    call: ([v]) => {
      const nodes = nodesOf(v);
      return nodes ? oletools(nodes) : null;
    },
  },
  'beta.scan_qr': {
    minArgs: 1,
    maxArgs: 1,
    call: ([v]) => {
      const nodes = nodesOf(v);
      return nodes ? scanQr(nodes) : null;
    },
  },
};
