import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { finding } from './finding.ts';
import { quote } from './normalize.ts';
import { MAX_HTML_CHARS } from './text-view.ts';

const FORM_RE = /<form\b([^<>]{0,2000})>/gi;
const ACTION_RE = /\baction\s*=\s*["']?([^"'\s>]+)/i;
const PASSWORD_RE = /<input\b[^<>]{0,2000}\btype\s*=\s*["']?password\b/i;
const INPUT_RE = /<input\b([^<>]{0,2000})>/gi;
/** Inputs that collect credentials or card data; a search box or a newsletter sign-up does not. */
const SECRET_INPUT_RE = /\b(?:name|id|type|placeholder)\s*=\s*["']?[^"'\s>]*(?:pass|pwd|user|login|card|cvv|cvc|ssn|otp|pin\b|iban|routing)/i;
/** Contact fields: a sign-up form has them too, so alone they weigh little. */
const CONTACT_INPUT_RE = /\b(?:name|id|type|placeholder)\s*=\s*["']?[^"'\s>]*(?:email|e-mail|account|phone|mobile)/i;
const MAX_FORMS = 20;
const MAX_FORM_CHARS = 20_000;

/**
 * A form inside the message collects what the reader types without even a click to a web page. A password
 * field there is never legitimate; a form asking for a login or card and posting to a site other than the
 * sender's is a strong hint. Newsletters post search boxes and sign-up forms off-site too: a search box does not
 * count, an email-only sign-up barely.
 */
export function htmlFormFindings(msg: MessageModel): Finding[] {
  const raw = msg.body?.html?.raw?.slice(0, MAX_HTML_CHARS);
  if (!raw || !/<form\b/i.test(raw)) return [];
  const out: Finding[] = [];
  if (PASSWORD_RE.test(raw)) out.push(finding('HTML_FORM_PASSWORD', 1, 'a <form> with a password field in the body'));
  const senderRoot = msg.sender?.email?.domain?.root_domain?.toLowerCase() ?? '';
  let forms = 0;
  for (const m of raw.matchAll(FORM_RE)) {
    if (++forms > MAX_FORMS) break;
    const action = ACTION_RE.exec(m[1])?.[1];
    const host = action ? hostOf(action) : null;
    if (!host || (senderRoot && (host === senderRoot || host.endsWith(`.${senderRoot}`)))) continue;
    // Look for the end only within the window we read: an unclosed form must not cost a scan of the rest.
    const window = raw.slice(m.index, m.index + MAX_FORM_CHARS);
    const end = window.indexOf('</form');
    const inner = end < 0 ? window : window.slice(0, end);
    const inputs = [...inner.matchAll(INPUT_RE)].map((i) => i[1]).filter((a) => !/type\s*=\s*["']?(?:hidden|submit|button|image)\b/i.test(a));
    const secret = inputs.some((a) => SECRET_INPUT_RE.test(a));
    if (secret || inputs.some((a) => CONTACT_INPUT_RE.test(a))) {
      out.push(finding('HTML_FORM_OFFSITE', secret ? 1 : 0.15, `a <form> asking for ${secret ? 'credentials' : 'contact details'} posts to ${quote(host, 60)}`));
      break;
    }
  }
  return out;
}

function hostOf(action: string): string | null {
  try {
    const url = new URL(action);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}
