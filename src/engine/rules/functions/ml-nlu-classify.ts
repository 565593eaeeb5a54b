/**
 * MailWarden's local NLU stand-in: an open, transparent approximation of the shape Sublime's proprietary
 * `ml.nlu_classifier` returns (`intents`, `entities`, `tags`, `topics`, `language`). It is NOT Sublime's model:
 * intents, tags and topics come from the phrase lists beside this file, scored into "low"/"medium"/"high"
 * bands; entities are pattern spans. Pure, synchronous, no network, no model file.
 */
import { extractEntities, type Entity } from './ml-nlu-entities.ts';
import { gated, TextLiterals, type GatedRegex } from './ml-nlu-gate.ts';
import { INTENT_BANDS, INTENTS, type Cue } from './ml-nlu-intents.ts';
import { detectLanguage } from './ml-nlu-language.ts';
import { TOPIC_BANDS, TOPICS } from './ml-nlu-topics.ts';

export type Confidence = 'low' | 'medium' | 'high';
export interface Labelled {
  name: string;
  confidence: Confidence;
}
export interface NluResult {
  language: string | null;
  intents: Labelled[];
  entities: Entity[];
  tags: Labelled[];
  topics: Labelled[];
}

/** Only the start of a long text is read (and its end, for the signature): enough for a lure, bounded work. */
const MAX_CHARS = 8000;
const MAX_TOPICS = 3;

type Compiled = readonly (readonly [GatedRegex, number])[];
const compileCues = (cues: readonly Cue[], flags = 'i'): Compiled => cues.map(([p, wt]) => [gated(p, flags), wt] as const);

const INTENT_TABLE = INTENTS.map((i) => ({ name: i.name, groups: i.groups.map((g) => compileCues(g)) }));
const TOPIC_TABLE = TOPICS.map((t) => ({ name: t.name, cues: compileCues(t.cues, 'gi') }));
const TAG_TABLE = [
  { name: 'invoice', cues: compileCues([[String.raw`\b(?:invoices?|inv\s?#|facture|factura|rechnung|fatura)\b`, 1], [String.raw`\binvoice\s?(?:no|number|#|date|amount|attached|due)\b`, 2]], 'gi') },
  { name: 'payment', cues: compileCues([[String.raw`\b(?:payments?|paid|remittance|wire transfer|ach|paiement|pago|zahlung|pagamento)\b`, 1], [String.raw`\bpayment\s(?:details|advice|confirmation|due|received|of|reference)\b`, 2]], 'gi') },
  { name: 'purchase_order', cues: compileCues([[String.raw`\b(?:purchase orders?|p\.?o\.?\s?(?:no|number|#)|rfq|request for quot(?:e|ation))\b`, 2], [String.raw`\b(?:quotation|order (?:no|number|#)|supplier)\b`, 1]], 'gi') },
];
const TAG_BANDS = { low: 1, medium: 2, high: 4 } as const;

function band(score: number, b: { low: number; medium: number; high: number }): Confidence | null {
  if (score >= b.high) return 'high';
  if (score >= b.medium) return 'medium';
  if (score >= b.low) return 'low';
  return null;
}

/** Sum of group maxima: each part of a lure counts once, by its strongest cue. */
function intentScore(groups: readonly Compiled[], text: TextLiterals): number {
  let total = 0;
  for (const group of groups) {
    let best = 0;
    for (const [g, wt] of group) if (wt > best && text.mayMatch(g) && g.re.test(text.text)) best = wt;
    total += best;
  }
  return total;
}

/** Distinct matched words, up to three per cue, times the cue's weight. */
function keywordScore(cues: Compiled, lower: TextLiterals): number {
  let total = 0;
  const text = lower.text;
  for (const [g, wt] of cues) {
    if (!lower.mayMatch(g)) continue;
    const re = g.re;
    re.lastIndex = 0;
    const seen = new Set<string>();
    for (let m = re.exec(text); m && seen.size < 3; m = re.exec(text)) {
      if (!m[0]) {
        re.lastIndex++;
        continue;
      }
      seen.add(m[0]);
    }
    total += wt * seen.size;
  }
  return total;
}

function ranked(table: readonly { name: string; cues: Compiled }[], text: TextLiterals, bands: { low: number; medium: number; high: number }, max: number): Labelled[] {
  const scored: { name: string; score: number; confidence: Confidence }[] = [];
  for (const t of table) {
    const score = keywordScore(t.cues, text);
    const confidence = band(score, bands);
    if (confidence) scored.push({ name: t.name, score, confidence });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, max).map(({ name, confidence }) => ({ name, confidence }));
}

function classifyIntents(lower: TextLiterals): Labelled[] {
  const scores = INTENT_TABLE.map((i) => ({ name: i.name, score: intentScore(i.groups, lower) })).sort((a, b) => b.score - a.score);
  const top = scores[0]!;
  const topBand = band(top.score, INTENT_BANDS);
  if (!topBand) {
    // No lure reaches the low band: benign, surer the fewer cues were seen at all.
    return [{ name: 'benign', confidence: top.score <= 1 ? 'high' : top.score <= 1.5 ? 'medium' : 'low' }];
  }
  const out: Labelled[] = [{ name: top.name, confidence: topBand }];
  // A second lure is reported too when it is itself at least medium (a BEC that also asks for a login).
  for (const s of scores.slice(1)) {
    const b = band(s.score, INTENT_BANDS);
    if (b === 'medium' || b === 'high') out.push({ name: s.name, confidence: b });
  }
  return out;
}

/** Null for a missing or blank text: nothing to classify, so every rule reading it sees null. */
export function classifyText(text: string, subject?: string | null): NluResult | null {
  if (!text.trim() && !subject?.trim()) return null;
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const body = subject?.trim() ? `${subject}\n${head}` : head;
  const lower = body.toLowerCase().replace(/\s+/g, ' ');
  const entitiesText = text.length > MAX_CHARS ? `${body}\n${text.slice(-1500)}` : body;
  // Every lexicon below reads the same lower-cased text: its character pairs are indexed once.
  const index = new TextLiterals(lower);
  return {
    language: detectLanguage(lower),
    intents: classifyIntents(index),
    entities: extractEntities(entitiesText),
    tags: ranked(TAG_TABLE, index, TAG_BANDS, 3),
    topics: ranked(TOPIC_TABLE, index, TOPIC_BANDS, MAX_TOPICS),
  };
}
