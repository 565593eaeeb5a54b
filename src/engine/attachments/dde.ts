/**
 * Dynamic Data Exchange fields: `DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"` in a Word field, a
 * `ddeService` link in Excel, or `=cmd|' /C calc'!A0` in a CSV cell. They run a program with no macro at all.
 */

/** Field instructions split across runs are joined before matching, as Word does when it evaluates them. */
function wordFieldInstructions(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/w:instr\s*=\s*"([^"]*)"/g)) out.push(m[1]!);
  const runs = [...xml.matchAll(/<w:instrText\b[^>]*>([^<]*)<\/w:instrText>/g)].map((m) => m[1]!);
  if (runs.length) out.push(runs.join(''));
  return out;
}

/** DDE commands found in an XML part (Word, Excel 2003 XML, external links). */
export function findDde(xml: string): string[] {
  const found: string[] = [];
  for (const instr of wordFieldInstructions(xml)) {
    for (const m of instr.matchAll(/\bDDE(?:AUTO)?\b[^\n]{0,200}/gi)) found.push(m[0].trim());
  }
  for (const m of xml.matchAll(/ddeService\s*=\s*"([^"]*)"(?:\s+ddeTopic\s*=\s*"([^"]*)")?/g)) found.push(`${m[1]}|${m[2] ?? ''}`);
  // SpreadsheetML 2003 writes DDE as a formula attribute: ss:Formula="=cmd|'/c calc'!A1".
  for (const m of xml.matchAll(/Formula\s*=\s*"=?([^"|]{1,60})\|([^"]{0,200})"/gi)) found.push(`${m[1]}|${m[2]}`);
  return found;
}

/** DDE formulas in CSV or plain-text cells: `=cmd|'/C calc'!A0`, `@SUM(1+1)*cmd|...`. */
export function findCsvDde(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|[,;\t"])\s*[=+\-@][^,;\n]{0,80}?\|\s*'[^'\n]{0,200}'\s*!\s*[A-Z]*\d*/gim)) {
    found.push(m[0].replace(/^[,;\t"\s]+/, '').slice(0, 200));
    if (found.length >= 20) break;
  }
  return found;
}
