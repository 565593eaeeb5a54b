/**
 * Just enough MIME to answer `messages.get` with `format=full|metadata` the way Gmail shapes it: a
 * `MessagePart` tree with `partId`, `mimeType`, `filename`, `headers`, `body: {size, data?}` and `parts`.
 * Multipart bodies recurse on the boundary; leaf bodies are returned as base64url after transfer decoding is
 * skipped (Gmail decodes; the connector only ever reads `raw`, so leaves stay as sent).
 */
export interface Header {
  name: string;
  value: string;
}

export interface MessagePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: Header[];
  body: { size: number; data?: string };
  parts?: MessagePart[];
}

const MAX_DEPTH = 8;

export function splitMessage(raw: string): { headers: Header[]; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers: Header[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1].value += ' ' + line.trim();
      continue;
    }
    const i = line.indexOf(':');
    if (i > 0) headers.push({ name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
  }
  return { headers, body };
}

export function headerValue(headers: Header[], name: string): string {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '';
}

export function buildPayload(raw: string, partId = '', depth = 0): MessagePart {
  const { headers, body } = splitMessage(raw);
  const contentType = headerValue(headers, 'content-type') || 'text/plain';
  const mimeType = contentType.split(';')[0].trim().toLowerCase();
  const filename = /name="?([^";]+)"?/i.exec(headerValue(headers, 'content-disposition') || contentType)?.[1] ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (mimeType.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
    const chunks = body.split(`--${boundary}`).slice(1);
    const parts = chunks
      .filter((c) => !c.startsWith('--'))
      .map((c, i) => buildPayload(c.replace(/^\r?\n/, ''), partId === '' ? String(i) : `${partId}.${i}`, depth + 1));
    return { partId, mimeType, filename, headers, body: { size: 0 }, parts };
  }
  const bytes = Buffer.from(body, 'latin1');
  return { partId, mimeType, filename, headers, body: { size: bytes.length, data: bytes.toString('base64url') } };
}

/** The first ~200 characters of text, as Gmail's `snippet`. */
export function snippetOf(raw: string): string {
  const { body } = splitMessage(raw);
  return body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}
