import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { AppError } from '../../src/core/errors.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';

/**
 * Raw RFC 5322 bytes with a cap. `format=minimal` first: its sizeEstimate lets an oversized message be
 * refused without downloading it; the decoded bytes are checked again since sizeEstimate is an estimate.
 */
export async function fetchRaw(gmail: gmail_v1.Gmail, id: string, maxBytes: number, backoff: BackoffPolicy): Promise<Uint8Array> {
  const meta = await withBackoff('messages.get', () => gmail.users.messages.get({ userId: 'me', id, format: 'minimal' }), backoff);
  const estimate = Number(meta.data.sizeEstimate ?? 0);
  if (estimate > maxBytes) throw new AppError('limit_exceeded', `message is ${estimate} bytes, over the ${maxBytes} byte cap`);
  const res = await withBackoff('messages.get', () => gmail.users.messages.get({ userId: 'me', id, format: 'raw' }), backoff);
  const bytes = Buffer.from(res.data.raw ?? '', 'base64url');
  if (bytes.length > maxBytes) throw new AppError('limit_exceeded', `message is ${bytes.length} bytes, over the ${maxBytes} byte cap`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
