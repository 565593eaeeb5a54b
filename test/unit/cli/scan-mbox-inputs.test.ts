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

describe('streaming mbox reading', () => {
  it('gives the same messages whatever the chunk size, holding only what is not yet handed out', async () => {
    const { MboxSplitter } = await import('../../../src/cli/scan-mbox.ts');
    const msgs = Array.from({ length: 30 }, (_, i) => `Subject: m${i}\n\nbody ${i}\nFrom the desk of nobody\n>From quoted\n`);
    const raw = Buffer.from(msgs.map((m, i) => `From sender${i}@example.com Mon Jan  1 00:00:0${i % 10} 2024\n${m}\n`).join(''));
    const whole = splitMbox(raw).map((m) => Buffer.from(m).toString());
    expect(whole.length).toBe(30);
    for (const size of [1, 7, 64, 4096]) {
      const s = new MboxSplitter();
      const got: string[] = [];
      for (let i = 0; i < raw.length; i += size) for (const m of s.push(raw.subarray(i, i + size))) got.push(Buffer.from(m).toString());
      for (const m of s.end()) got.push(Buffer.from(m).toString());
      expect(got).toEqual(whole);
    }
    expect(whole[3]).toBe('Subject: m3\n\nbody 3\nFrom the desk of nobody\nFrom quoted\n\n');
  });

  it('names single-message mbox files by path and several by path#n', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readSource } = await import('../../../src/cli/scan-inputs.ts');
    const dir = mkdtempSync(join(tmpdir(), 'mw-mbox-'));
    writeFileSync(join(dir, 'one.txt'), 'From a@example.com Thu Aug 22 12:36:23 2002\nSubject: x\n\nbody\n');
    writeFileSync(join(dir, 'two.mbox'), 'From a@example.com Thu Aug 22 12:36:23 2002\nSubject: x\n\nbody\n\nFrom b@example.com Thu Aug 22 12:36:24 2002\nSubject: y\n\nbody\n');
    const noStdin = () => Promise.reject(new Error('no stdin'));
    expect((await readSource({ path: join(dir, 'one.txt') }, noStdin)).map((i) => i.file)).toEqual([join(dir, 'one.txt')]);
    expect((await readSource({ path: join(dir, 'two.mbox') }, noStdin)).map((i) => i.file)).toEqual([`${join(dir, 'two.mbox')}#1`, `${join(dir, 'two.mbox')}#2`]);
  });
});
