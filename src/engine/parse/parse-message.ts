// PLACEHOLDER until the parser lands (issue 2): replaced by the real MIME parser.
import type { MessageModel } from '../../core/message.ts';
import type { Limits } from '../limits.ts';

export interface ParseOptions {
  limits: Limits;
  orgDomains: string[];
  externalId: string | null;
  direction?: 'inbound' | 'outbound';
}

export async function parseMessage(_raw: Uint8Array, _options: ParseOptions): Promise<MessageModel> {
  throw new Error('parser not implemented yet');
}
