import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import type { ListSource } from '../../detector.ts';
import { finding } from './finding.ts';
import type { TextView } from './text-view.ts';

/** "Write to me at …", "reply me at Email: …", "contact: …" followed by an address. */
const CONTACT_RE = /\b(?:write|reply|contact|e-?mail|respond|send|mail|escreva|responda|schreiben sie|schreib|écrivez|escriba)(?: (?:me|us|him|her|back|directly|privately))*(?: (?:at|to|on|via|through|an|para|à))?(?: (?:my|this|the|mein(?:e)?))?(?: (?:private|personal|direct))?(?: (?:e-?mail|address|adresse|email address))?\s*[:-]?\s*([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/gi;
const MAX_MATCHES = 20;

/**
 * Advance-fee, romance and BEC mail asks for the answer to go to a private free-mail address named in the
 * body, not to the sender: the sending account is throwaway or stolen, the free-mail box is the scammer's.
 */
export function replyElsewhereFindings(msg: MessageModel, view: TextView, lists: ListSource | undefined): Finding[] {
  if (!lists || !/@/.test(view.bodyRaw)) return [];
  const free = lists.get('free_email_providers');
  const own = new Set([msg.sender?.email?.email, ...(msg.recipients?.to ?? []).map((m) => m.email.email)].filter(Boolean).map((a) => a!.toLowerCase()));
  let seen = 0;
  for (const m of view.bodyRaw.matchAll(CONTACT_RE)) {
    if (++seen > MAX_MATCHES) break;
    const address = m[1].toLowerCase().replace(/\.$/, '');
    const domain = address.split('@')[1] ?? '';
    if (own.has(address) || !free.has(domain)) continue;
    return [finding('REPLY_TO_OTHER_FREEMAIL', 1, `the body asks for replies to ${domain} (${address.split('@')[0].slice(0, 3)}…@${domain})`)];
  }
  return [];
}
