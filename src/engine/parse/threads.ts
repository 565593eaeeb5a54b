/**
 * Where quoted earlier messages begin in a body. Each pattern is anchored at a line start and bounded, and runs
 * once over the text, so splitting stays linear however big the body is.
 */
const MARKERS: RegExp[] = [
  // Outlook / Exchange and their translations.
  /^[ \t>]*-{2,}[ \t]*(?:Original Message|Urspr(?:ü|ue)ngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Mensagem original|Oryginalna wiadomo(?:ść|sc))[ \t]*-{2,}/gim,
  /^[ \t>]*-{2,}[ \t]*(?:Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)[ \t]*-{2,}/gim,
  /^[ \t>]*Begin forwarded message:/gim,
  // Gmail / Apple: "On <date>, <name> wrote:", possibly wrapped onto a second line. One pattern per shape:
  // an optional second line inside one pattern would make every "On ..." line cost quadratic backtracking.
  /^[ \t>]*On [^\n]{1,250}[ \t]wrote:[ \t]*$/gm,
  /^[ \t>]*On [^\n]{1,250}\n(?:[^\n]{0,250}[ \t])?wrote:[ \t]*$/gm,
  /^[ \t>]*(?:Le|Am|El|Il|Op|Em) [^\n]{1,250}?[ \t](?:a écrit|schrieb|escribió|ha scritto|schreef|escreveu)(?:[ \t][^\n]{0,200})?[ \t]*:[ \t]*$/gm,
  /^[ \t>]*(?:Le|Am|El|Il|Op|Em) [^\n]{1,250}\n(?:[^\n]{0,250}[ \t])?(?:a écrit|schrieb|escribió|ha scritto|schreef|escreveu)(?:[ \t][^\n]{0,200})?[ \t]*:[ \t]*$/gm,
  // Outlook's header block: "From: ..." followed within a few lines by "Sent:" or "Date:".
  /^[ \t>]*\*?(?:From|Von|De|Da|Van)\*?:[ \t][^\n]{1,300}\n(?:[^\n]{0,300}\n){0,3}?[ \t>]*\*?(?:Sent|Date|Gesendet|Envoyé|Enviado|Inviato|Verzonden|Datum)\*?:/gm,
  // Plain-text quoting.
  /^>[^\n]*\n>/gm,
];

/** Most splits we report: a thread of hundreds of quoted messages says nothing more past this. */
const MAX_THREADS = 50;

/** Offsets where each earlier message starts, ascending, excluding 0. */
export function threadSplits(text: string): number[] {
  // start → end of the marker found there
  const found = new Map<number, number>();
  for (const re of MARKERS) {
    re.lastIndex = 0;
    let n = 0;
    for (const m of text.matchAll(re)) {
      const end = m.index! + m[0].length;
      if (m.index! > 0 && (found.get(m.index!) ?? -1) < end) found.set(m.index!, end);
      if (++n >= MAX_THREADS) break;
    }
  }
  const sorted = [...found.keys()].sort((a, b) => a - b);
  // A marker right after another one ("From:" under "-----Original Message-----") belongs to the same split.
  const merged: number[] = [];
  let lastEnd = -1;
  for (const at of sorted) {
    const end = found.get(at)!;
    if (lastEnd >= 0 && (at <= lastEnd || text.slice(lastEnd, at).trim() === '')) {
      lastEnd = Math.max(lastEnd, end);
      continue;
    }
    merged.push(at);
    lastEnd = end;
    if (merged.length >= MAX_THREADS) break;
  }
  return merged;
}
