import { parseMessage } from '../../../../src/engine/parse/parse-message.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../../src/engine/limits.ts';
import type { MessageModel } from '../../../../src/core/message.ts';

export function parse(raw: Uint8Array | string, opts: { limits?: Partial<Limits>; orgDomains?: string[]; direction?: 'inbound' | 'outbound' } = {}): Promise<MessageModel> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  return parseMessage(bytes, { limits: { ...DEFAULT_LIMITS, ...opts.limits }, orgDomains: opts.orgDomains ?? [], externalId: 'test.eml', direction: opts.direction });
}
