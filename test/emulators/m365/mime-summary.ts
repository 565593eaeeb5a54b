/**
 * Just enough MIME header reading for the emulator's message resource (subject, from, to, Message-ID) and for
 * inbox-rule conditions. Synchronous and tolerant: a hostile message must still be storable.
 */
export interface MimeSummary {
  subject: string;
  from: { name: string; address: string };
  to: { name: string; address: string }[];
  messageId: string;
  preview: string;
  headers: Record<string, string>;
}

export function summarizeMime(raw: Buffer): MimeSummary {
  const text = raw.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const head = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? '' : text.slice(split).trim();
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) {
      const key = line.slice(0, i).trim().toLowerCase();
      if (!(key in headers)) headers[key] = line.slice(i + 1).trim();
    }
  }
  return {
    subject: headers.subject ?? '',
    from: parseAddress(headers.from ?? '') ?? { name: '', address: '' },
    to: (headers.to ?? '').split(',').map(parseAddress).filter((a): a is { name: string; address: string } => a !== null),
    messageId: headers['message-id'] ?? '',
    preview: body.replace(/\s+/g, ' ').slice(0, 255),
    headers,
  };
}

function parseAddress(value: string): { name: string; address: string } | null {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (m) return { name: m[1].trim(), address: m[2].trim() };
  const bare = value.trim();
  return bare.includes('@') ? { name: '', address: bare } : null;
}
