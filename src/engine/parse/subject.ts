import type { Subject } from '../../core/message.ts';

const REPLY = new Set(['re', 'aw', 'sv', 'antw', 'res', 'vs', 'odp', 'ynt', 'atb']);
const FORWARD = new Set(['fw', 'fwd', 'wg', 'tr', 'rv', 'enc', 'vb', 'pd', 'doorst']);
// One prefix: a word from the sets above, an optional counter (`RE[2]:`), a colon (also the full-width one),
// optionally preceded by a [TAG] that gateways add, such as [EXTERNAL].
const PREFIX = /^\s*(?:\[[^\]]{1,40}\]\s*)?([a-z]{2,6})\s*(?:\[\d{1,4}\]|\(\d{1,4}\))?\s*[:：]\s*/i;

/** Subject with reply/forward prefixes recognised in the languages mail clients write them in. */
export function parseSubject(subject: string): Subject {
  let rest = subject;
  let is_reply = false;
  let is_forward = false;
  for (let i = 0; i < 20; i++) {
    const m = PREFIX.exec(rest);
    if (!m) break;
    const word = m[1]!.toLowerCase();
    if (REPLY.has(word)) is_reply = true;
    else if (FORWARD.has(word)) is_forward = true;
    else break;
    rest = rest.slice(m[0].length);
  }
  return { subject, base: rest.trim(), is_reply, is_forward };
}
