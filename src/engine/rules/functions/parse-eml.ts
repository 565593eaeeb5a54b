/**
 * `file.parse_eml(.)`: an attached message (`.eml`, `message/rfc822`) as a message model of its own. Parsing
 * is asynchronous and rules are not, so the detector parses attached messages once per message before any rule
 * runs (`prepareEmbeddedMessages`), and the function reads the result. At most `MAX_EMBEDDED` per message.
 */
import type { Attachment, MessageModel } from '../../../core/message.ts';
import type { Limits } from '../../limits.ts';
import type { FnTable } from './types.ts';

const MAX_EMBEDDED = 5;
const parsed = new WeakMap<Attachment, MessageModel>();

export function isEmbeddedMessage(a: Attachment): boolean {
  return (
    a.content_type?.toLowerCase() === 'message/rfc822' ||
    a.file_extension?.toLowerCase() === 'eml' ||
    a.file_type?.toLowerCase() === 'eml'
  );
}

export async function prepareEmbeddedMessages(msg: MessageModel, limits: Limits): Promise<void> {
  const todo = msg.attachments.filter((a) => a.raw && isEmbeddedMessage(a) && !parsed.has(a)).slice(0, MAX_EMBEDDED);
  if (!todo.length) return;
  // Loaded only when a rule needs it: a pack without file.parse_eml never pulls in the MIME parser.
  const { parseMessage } = await import('../../parse/parse-message.ts');
  for (const a of todo) {
    const model = await parseMessage(a.raw!, { limits, orgDomains: [], externalId: a.file_name, direction: 'inbound' });
    parsed.set(a, model);
  }
}

export const PARSE_EML_FUNCTIONS: FnTable = {
  'file.parse_eml': {
    minArgs: 1,
    maxArgs: 1,
    call: ([a]) => (a && typeof a === 'object' ? (parsed.get(a as Attachment) ?? null) : null),
  },
};
