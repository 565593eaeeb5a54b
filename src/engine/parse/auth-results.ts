import type { AuthResult, AuthSummary } from '../../core/message.ts';

/** One parsed Authentication-Results (or ARC-Authentication-Results) header. */
export interface ParsedAuthResults {
  /** The authserv-id: who stamped it. Null when absent (Microsoft omits it on the final hop). */
  server: string | null;
  summary: AuthSummary;
  /** Every method=result pair in order, e.g. two DKIM signatures. */
  results: { method: string; result: string; details: string }[];
}

export function emptyAuthResult(): AuthResult {
  return { pass: null, verdict: null, details: null };
}

export function emptyAuthSummary(): AuthSummary {
  return { spf: emptyAuthResult(), dkim: emptyAuthResult(), dmarc: emptyAuthResult(), compauth: emptyAuthResult(), arc: emptyAuthResult() };
}

const SUMMARY_METHODS = ['spf', 'dkim', 'dmarc', 'compauth', 'arc'] as const;
const METHOD = /^\s*([a-z][a-z0-9_.-]*)\s*=\s*([a-z0-9_-]+)/i;

/**
 * Parses RFC 8601 Authentication-Results. Semicolons inside comments do not split (Google's comments hold
 * prose), a leading `i=N;` (ARC) is skipped, and a first segment that is itself `method=result` means the
 * authserv-id was left out, as Microsoft does.
 */
export function parseAuthResults(value: string, cache?: Map<string, ParsedAuthResults>): ParsedAuthResults {
  const hit = cache?.get(value);
  if (hit) return hit;
  const parsed = parseUncached(value);
  cache?.set(value, parsed);
  return parsed;
}

function parseUncached(value: string): ParsedAuthResults {
  const segments = splitOutsideComments(value.slice(0, 16_384));
  let i = 0;
  if (segments.length > 0 && /^\s*i\s*=\s*\d+\s*$/.test(segments[0]!)) i = 1;
  let server: string | null = null;
  if (i < segments.length && !METHOD.test(stripComments(segments[i]!))) {
    server = stripComments(segments[i]!).trim().split(/\s+/)[0]?.toLowerCase() || null;
    i++;
  }
  const results: ParsedAuthResults['results'] = [];
  for (; i < segments.length; i++) {
    const m = METHOD.exec(stripComments(segments[i]!));
    if (!m) continue;
    results.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), details: segments[i]!.trim().replace(/\s+/g, ' ') });
  }
  return { server, summary: summarise(results), results };
}

function summarise(results: ParsedAuthResults['results']): AuthSummary {
  const summary = emptyAuthSummary();
  for (const method of SUMMARY_METHODS) {
    const mine = results.filter((r) => r.method === method);
    if (mine.length === 0) continue;
    // Several DKIM signatures: one passing signature is what DMARC and receivers act on.
    const chosen = mine.find((r) => r.result === 'pass') ?? mine[0]!;
    summary[method] = { pass: chosen.result === 'pass', verdict: chosen.result, details: chosen.details };
  }
  return summary;
}

/** Receivers whose stamp we trust above a forwarder's: the mailbox provider's own inbound servers. */
export function isTrustedAuthServer(server: string | null): boolean {
  if (!server) return false;
  return /(^|\.)(outlook\.com|microsoft\.com|office365\.com|google\.com|gmail\.com)$/.test(server);
}

function splitOutsideComments(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && depth === 0) quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === ';' && depth === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.filter((s) => s.trim() !== '');
}

function stripComments(s: string): string {
  let out = '';
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}
