/**
 * `beta.file.parse_ics(.)`: calendar invitations (.ics) read locally. Lines are unfolded, each VEVENT becomes
 * `{ summary, description, description_html, location, organizer, links, raw_properties: [{key, value}] }`,
 * and `links` are the URLs written in the event's properties. Bounded: at most MAX_EVENTS events.
 */
import type { Attachment, Link } from '../../../core/message.ts';
import type { Value } from '../values.ts';
import type { FnTable } from './types.ts';
import { toUrl } from './url-parts.ts';

const MAX_EVENTS = 100;
const MAX_ICS_BYTES = 2 * 1024 * 1024;
const URL_RE = /https?:\/\/[^\s"'<>\\]+/gi;

function unescape(v: string): string {
  return v.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');
}

function toLink(href: string): Link | null {
  const href_url = toUrl(href);
  return href_url ? { href_url, display_text: null, display_url: null, mismatched: false, parser: 'attachment', visible: true } : null;
}

export function parseIcs(text: string): Value {
  const lines = text.replace(/\r\n[ \t]/g, '').replace(/\n[ \t]/g, '').split(/\r?\n/);
  const events: Record<string, unknown>[] = [];
  let cur: { key: string; value: string }[] | null = null;
  for (const line of lines) {
    if (/^BEGIN:VEVENT$/i.test(line)) cur = [];
    else if (/^END:VEVENT$/i.test(line) && cur) {
      events.push(toEvent(cur));
      cur = null;
      if (events.length >= MAX_EVENTS) break;
    } else if (cur) {
      const colon = line.indexOf(':');
      if (colon > 0) cur.push({ key: line.slice(0, colon).split(';')[0]!.toUpperCase(), value: unescape(line.slice(colon + 1)) });
    }
  }
  return { events };
}

function toEvent(props: { key: string; value: string }[]): Record<string, unknown> {
  const get = (k: string) => props.find((p) => p.key === k)?.value ?? null;
  const urls = new Set<string>();
  for (const p of props) for (const m of p.value.matchAll(URL_RE)) urls.add(m[0]);
  return {
    summary: get('SUMMARY'),
    description: get('DESCRIPTION'),
    description_html: get('X-ALT-DESC'),
    location: get('LOCATION'),
    organizer: get('ORGANIZER'),
    links: [...urls].slice(0, 200).map(toLink).filter((l): l is Link => l !== null),
    raw_properties: props,
  };
}

export const ICS_FUNCTIONS: FnTable = {
  'beta.file.parse_ics': {
    minArgs: 1,
    maxArgs: 1,
    call: ([a]) => {
      const raw = a && typeof a === 'object' ? (a as Attachment).raw : undefined;
      if (!raw) return null;
      const text = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, MAX_ICS_BYTES)).toString('utf8');
      return /BEGIN:VCALENDAR/i.test(text) ? parseIcs(text) : null;
    },
  },
};
