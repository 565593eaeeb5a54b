/**
 * The mailbox cursor we hand the pipeline: one delta link per watched folder, as JSON. Inbound mail is read
 * from the Inbox and, while the hold rule is on, the hold folder; outbound from Sent Items.
 */
export interface M365Cursor {
  v: 1;
  links: Record<string, string>;
}

export function encodeCursor(links: Record<string, string>): string {
  return JSON.stringify({ v: 1, links } satisfies M365Cursor);
}

export function decodeCursor(cursor: string | null): Record<string, string> {
  if (!cursor) return {};
  try {
    const parsed = JSON.parse(cursor) as Partial<M365Cursor>;
    return parsed.v === 1 && parsed.links && typeof parsed.links === 'object' ? parsed.links : {};
  } catch {
    return {};
  }
}
