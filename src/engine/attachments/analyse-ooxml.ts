/**
 * Office Open XML documents (docx/xlsx/pptx and their macro-enabled forms): VBA projects, macro-enabled
 * content types, Excel 4 macro sheets, external relationships (remote template injection, linked OLE
 * objects), DDE fields, and the document text and hyperlinks for the content detectors.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { findDde } from './dde.ts';
import { findXlsbDde } from './xlsb-dde.ts';

const PART = /^\[Content_Types\]\.xml$|\.rels$|^word\/document\.xml$|^xl\/sharedStrings\.xml$|^ppt\/slides\/slide\d+\.xml$|^xl\/externalLinks\/externalLink\d+\.(xml|bin)$/;

/** Parts the inspector reads; the zip analyser keeps their bytes for it. */
export function isOoxmlPart(name: string): boolean {
  return PART.test(name);
}

/** Relationship types that make Office fetch content from the target when the document opens. */
const FETCHING_RELATIONSHIPS = /\/(attachedTemplate|oleObject|frame|subDocument|externalLinkPath|aFChunk)$/;

function xmlText(xml: string): string {
  const runs = xml.match(/<(?:w|a):t(?:\s[^>]*)?>[^<]*<\/(?:w|a):t>|<t(?:\s[^>]*)?>[^<]*<\/t>/g) ?? [];
  return runs.map((r) => r.replace(/<[^>]+>/g, '')).join(' ');
}

function decodeXmlEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

export function inspectOoxml(ctx: AnalyserContext, parts: ReadonlyMap<string, Uint8Array>): void {
  const paths = (ctx.node.scan.zip as { all_paths?: string[] } | undefined)?.all_paths ?? [];
  const contentTypes = parts.get('[Content_Types].xml');
  const types = contentTypes ? Buffer.from(contentTypes).toString('utf8') : '';
  const details: Record<string, unknown> = {};
  if (/macroEnabled/i.test(types) || /\.(docm|dotm|xlsm|xltm|xlam|pptm|potm|ppsm|ppam)$/i.test(ctx.node.file_name ?? '')) {
    ctx.flag('macro_enabled_type');
  }
  if (paths.some((p) => /(^|\/)vbaProject\.bin$/i.test(p))) ctx.flag('vba_macro');
  if (paths.some((p) => /^xl\/macrosheets\//i.test(p))) ctx.flag('xlm_macro');
  if (paths.some((p) => /\/(embeddings|activeX)\//i.test(p))) ctx.flag('ole_embedded_object');

  const external: { type: string; target: string }[] = [];
  for (const [name, bytes] of parts) {
    if (!name.endsWith('.rels')) continue;
    const xml = Buffer.from(bytes).toString('utf8');
    for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
      const tag = m[0];
      if (!/TargetMode\s*=\s*["']External["']/i.test(tag)) continue;
      const type = /Type\s*=\s*["']([^"']+)["']/.exec(tag)?.[1] ?? '';
      const target = decodeXmlEntities(/Target\s*=\s*["']([^"']*)["']/.exec(tag)?.[1] ?? '');
      const short = type.split('/').pop() ?? type;
      if (external.length < 100) external.push({ type: short, target: target.slice(0, 500) });
      if (FETCHING_RELATIONSHIPS.test(type)) ctx.flag(/oleObject/.test(type) ? 'external_ole_object' : 'remote_template');
      ctx.link(target, 'attachment');
    }
  }
  if (external.length) details.external_relationships = external;

  const dde: string[] = [];
  for (const [name, bytes] of parts) {
    if (name.endsWith('.bin')) dde.push(...findXlsbDde(bytes));
    if (!/\.xml$/.test(name) || name.endsWith('.rels') || name === '[Content_Types].xml') continue;
    const xml = Buffer.from(bytes).toString('utf8');
    dde.push(...findDde(xml));
    ctx.text(decodeXmlEntities(xmlText(xml)));
  }
  if (dde.length) {
    ctx.flag('dde');
    details.dde = dde.slice(0, 20);
  }
  if (Object.keys(details).length) setScan(ctx.node, 'office', details);
}
