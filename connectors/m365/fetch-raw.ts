/**
 * Raw MIME of a message ($value) by immutable id, read as a stream and cut off at the byte cap so a huge
 * message never sits in memory whole.
 */
import { GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { AppError } from '../../src/core/errors.ts';
import { IMMUTABLE_IDS, seg, type GraphApi } from './graph-api.ts';

export async function fetchRawMime(api: GraphApi, mailboxId: string, messageId: string, maxBytes: number): Promise<Uint8Array> {
  return api.call(mailboxId, 'fetch mime', async (c) => {
    const res: Response = await c.api(`/users/${seg(mailboxId)}/messages/${seg(messageId)}/$value`).headers(IMMUTABLE_IDS).responseType(ResponseType.RAW).get();
    if (!res.ok) {
      // RAW skips the SDK's error parsing; parse Graph's error body the way the SDK would.
      let body: { error?: { code?: string; message?: string } } = {};
      try {
        body = (await res.json()) as typeof body;
      } catch {}
      const err = new GraphError(res.status, body.error?.message ?? res.statusText);
      err.code = body.error?.code ?? null;
      err.headers = res.headers;
      throw err;
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel();
      throw new AppError('limit_exceeded', `message is ${declared} bytes, cap ${maxBytes}`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body?.getReader();
    if (!reader) return new Uint8Array();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new AppError('limit_exceeded', `message exceeds cap of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  });
}
