import { createHash } from 'node:crypto';

/** Deterministic job id: the same announcement always maps to the same id, so duplicates collapse. */
export function jobId(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
