import { describe, expect, it } from 'vitest';
import { splitMbox, isMbox } from '../../../src/cli/scan-mbox.ts';
import { looksLikeMail } from '../../../src/cli/scan-inputs.ts';
import { orderedPool } from '../../../src/cli/scan-pool.ts';

describe('mbox splitting', () => {
  it('splits on envelope lines after a blank line and unescapes >From', () => {
    const raw = Buffer.from(
      'From a@example.com Thu Aug 22 12:36:23 2002\nSubject: one\n\nbody one\n>From the start\nFrom here on, text.\n\n' +
        'From b@example.com  Fri Aug 23 01:02:03 2002\nSubject: two\n\nbody two\n',
    );
    expect(isMbox(raw)).toBe(true);
    const parts = splitMbox(raw).map((p) => Buffer.from(p).toString());
    expect(parts.length).toBe(2);
    expect(parts[0]).toContain('Subject: one');
    // An unescaped "From " sentence that is not an envelope line does not split the message.
    expect(parts[0]).toContain('From here on, text.');
    expect(parts[0]).toContain('\nFrom the start');
    expect(parts[1]!.startsWith('Subject: two')).toBe(true);
  });

  it('is not an mbox without the envelope line', () => {
    expect(isMbox(Buffer.from('Subject: x\n\nbody'))).toBe(false);
  });
});

describe('mail sniffing', () => {
  it('recognises header blocks and envelopes, not JSON or prose', () => {
    expect(looksLikeMail(Buffer.from('Return-Path: <a@b>\nReceived: from x\n'))).toBe(true);
    expect(looksLikeMail(Buffer.from('Subject: x\n  folded\n'))).toBe(true);
    expect(looksLikeMail(Buffer.from('From a@b Thu Aug 22 12:36:23 2002\n'))).toBe(true);
    expect(looksLikeMail(Buffer.from('{"id": "00001"}\n'))).toBe(false);
    expect(looksLikeMail(Buffer.from('Dear diary: today\nwas fine\n'))).toBe(false);
  });
});

describe('ordered pool', () => {
  it('keeps input order, never exceeds its size, and pulls items lazily', async () => {
    let inflight = 0;
    let peak = 0;
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 50; i++) {
        pulled++;
        yield i;
      }
    }
    const out: number[] = [];
    for await (const r of orderedPool(source(), 3, async (i) => {
      inflight++;
      peak = Math.max(peak, inflight);
      await new Promise((res) => setTimeout(res, (i * 7) % 5));
      inflight--;
      return i * 2;
    })) {
      out.push(r);
      // Never more than the pool size ahead of what was consumed.
      expect(pulled - out.length).toBeLessThanOrEqual(3);
    }
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(peak).toBe(3);
  });
});
