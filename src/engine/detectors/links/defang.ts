/** Longest URL shown in evidence: analysts need the host and the start of the path, not a 2 kB token. */
const MAX_SHOWN = 120;

/**
 * Makes a URL safe to paste: `hxxps://evil[.]example/login`. Dots are bracketed in the host only, so the
 * path stays readable; the query string is cut since it often carries the victim's address or a token.
 */
export function defang(url: string): string {
  const noQuery = url.replace(/[?#].*$/s, (m) => (m.length > 1 ? '?…' : ''));
  const m = /^([a-z][a-z0-9+.-]*:)(\/\/)?([^/?#]*)(.*)$/is.exec(noQuery);
  let out: string;
  if (!m) out = noQuery.replace(/\./g, '[.]');
  else {
    const scheme = m[1]!.toLowerCase().replace(/^http/, 'hxxp');
    out = `${scheme}${m[2] ?? ''}${m[3]!.replace(/\./g, '[.]')}${m[4]}`;
  }
  out = out.replace(/\s+/g, ' ');
  return out.length > MAX_SHOWN ? `${out.slice(0, MAX_SHOWN - 1)}…` : out;
}
