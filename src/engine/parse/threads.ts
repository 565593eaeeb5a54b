/**
 * Where quoted earlier messages begin in a body. Each pattern is anchored at a line start and bounded, and runs
 * once over the text, so splitting stays linear however big the body is.
 */
const MARKERS: RegExp[] = [
  // Outlook / Exchange and their translations.
  /^[ \t>]*-{2,}[ \t]*(?:Original Message|Urspr(?:ü|ue)ngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Mensagem original|Oryginalna wiadomo(?:ść|sc))[ \t]*-{2,}/gim,
  /^[ \t>]*-{2,}[ \t]*(?:Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)[ \t]*-{2,}/gim,
  /^[ \t>]*Begin forwarded message:/gim,
  // Gmail / Apple: "On <date>, <name> wrote:", possibly wrapped onto a second line.
  /^[ \t>]*On [^\n]{1,250}(?:\n[^\n]{1,250})?[ \t]wrote:[ \t]*$/gm,
  /^[ \t>]*(?:Le|Am|El|Il|Op|Em) [^\n]{1,250}(?:\n[^\n]{1,250})?[ \t](?:a écrit|schrieb|escribió|ha scritto|schreef|escreveu)[ \t]*:/gm,
  // Outlook's header block: "From: ..." followed within a few lines by "Sent:" or "Date:".
  /^[ \t>]*\*?(?:From|Von|De|Da|Van)\*?:[ \t][^\n]{1,300}\n(?:[^\n]{0,300}\n){0,3}?[ \t>]*\*?(?:Sent|Date|Gesendet|Envoyé|Enviado|Inviato|Verzonden|Datum)\*?:/gm,
  // Plain-text quoting.
  /^>[^\n]*\n>/gm,
];

/** Most splits we report: a thread of hundreds of quoted messages says nothing more past this. */
const MAX_THREADS = 50;

/** Offsets where each earlier message starts, ascending, excluding 0. */
export function threadSplits(text: string): number[] {
  const found = new Set<number>();
  for (const re of MARKERS) {
    re.lastIndex = 0;
    let n = 0;
    for (const m of text.matchAll(re)) {
      if (m.index! > 0) found.add(m.index!);
      if (++n >= MAX_THREADS) break;
    }
  }
  const sorted = [...found].sort((a, b) => a - b);
  // Markers that overlap one quoted header block (a "From:" right after "-----Original Message-----") are one split.
  const merged: number[] = [];
  for (const at of sorted) {
    if (merged.length > 0 && at - merged[merged.length - 1]! < 120 && !text.slice(merged[merged.length - 1]!, at).includes('\n\n')) continue;
    merged.push(at);
    if (merged.length >= MAX_THREADS) break;
  }
  return merged;
}
