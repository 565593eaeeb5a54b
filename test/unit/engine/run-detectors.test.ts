import { describe, expect, it } from 'vitest';
import type { Detector, DetectorContext } from '../../../src/engine/detector.ts';
import { DEFAULT_LIMITS } from '../../../src/engine/limits.ts';
import { parseMessage } from '../../../src/engine/parse/parse-message.ts';
import { runDetectors } from '../../../src/engine/run-detectors.ts';

const RULES = { HIT: { weight: 1, category: 'suspicious' as const, description: 'hit' } };
const hit = (evidence: string) => [{ rule: 'HIT', confidence: 1, evidence }];
const lists = { get: () => new Set<string>(), has: () => false };
const baseCtx = { org: { domains: [], vips: [] }, lists, limits: DEFAULT_LIMITS, now: new Date() };
const msg = await parseMessage(new TextEncoder().encode('From: a@b.example\r\nSubject: s\r\n\r\nbody\r\n'), {
  limits: DEFAULT_LIMITS,
  orgDomains: [],
  externalId: null,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function detector(id: string, detect: Detector['detect'], timeoutMs = 1000): Detector {
  return { id, rules: RULES, timeoutMs, detect };
}

describe('runDetectors', () => {
  it('lists outputs in detector order, synchronous and asynchronous mixed', async () => {
    const { outputs, failures } = await runDetectors(
      [
        detector('slow', async () => (await sleep(20), hit('slow'))),
        detector('sync', () => hit('sync')),
        detector('fast', async () => hit('fast')),
      ],
      msg,
      baseCtx,
    );
    expect(failures).toEqual([]);
    expect(outputs.map((o) => o.detector.id)).toEqual(['slow', 'sync', 'fast']);
    expect(outputs.map((o) => o.findings[0]!.evidence)).toEqual(['slow', 'sync', 'fast']);
  });

  it('records a throw, a rejection, a result that is not a list and an unknown rule as failures; the others still report', async () => {
    const { outputs, failures } = await runDetectors(
      [
        detector('throws', () => {
          throw new Error('boom');
        }),
        detector('rejects', async () => {
          throw new Error('async boom');
        }),
        detector('not-a-list', () => undefined as unknown as []),
        detector('unknown-rule', () => [{ rule: 'NOPE', confidence: 1, evidence: '' }, ...hit('kept')]),
        detector('fine', () => hit('fine')),
      ],
      msg,
      baseCtx,
    );
    expect(failures.map((f) => f.detector)).toEqual(['throws', 'rejects', 'not-a-list', 'unknown-rule']);
    expect(failures[0]!.error).toContain('boom');
    expect(failures[1]!.error).toContain('async boom');
    expect(failures[3]!.error).toBe('unknown rule NOPE');
    expect(failures.every((f) => !f.timedOut)).toBe(true);
    expect(outputs.map((o) => [o.detector.id, o.findings.map((f) => f.evidence)])).toEqual([
      ['unknown-rule', ['kept']],
      ['fine', ['fine']],
    ]);
  });

  it('times out an asynchronous detector past its budget and aborts its signal, even one it reads only afterwards', async () => {
    const seen: { early?: boolean; late?: boolean } = {};
    let lateCtx: DetectorContext | undefined;
    const { outputs, failures } = await runDetectors(
      [
        detector(
          'reads-early',
          async (_m, ctx) => {
            const signal = ctx.signal;
            await sleep(80);
            seen.early = signal.aborted;
            return hit('too late');
          },
          10,
        ),
        detector(
          'reads-late',
          async (_m, ctx) => {
            lateCtx = ctx;
            await sleep(80);
            return hit('too late');
          },
          10,
        ),
      ],
      msg,
      baseCtx,
    );
    expect(outputs).toEqual([]);
    expect(failures).toEqual([
      { detector: 'reads-early', error: 'timed out after 10 ms', timedOut: true },
      { detector: 'reads-late', error: 'timed out after 10 ms', timedOut: true },
    ]);
    await sleep(100);
    expect(seen.early).toBe(true);
    seen.late = lateCtx!.signal.aborted;
    expect(seen.late).toBe(true);
  });

  it('keeps the result of a synchronous detector that ran past its budget: nothing could interrupt it, so nothing is lost', async () => {
    const { outputs, failures } = await runDetectors(
      [
        detector(
          'slow-sync',
          () => {
            // Busy for longer than the 1 ms budget: a timer cannot fire while synchronous code runs.
            const until = performance.now() + 20;
            while (performance.now() < until);
            return hit('slow but kept');
          },
          1,
        ),
        detector('after', () => hit('after')),
      ],
      msg,
      baseCtx,
    );
    expect(failures).toEqual([]);
    expect(outputs.map((o) => o.findings[0]!.evidence)).toEqual(['slow but kept', 'after']);
  });

  it('hands every detector a live, unaborted signal and the shared context', async () => {
    let ctxSeen: DetectorContext | undefined;
    await runDetectors([detector('ctx', (_m, ctx) => ((ctxSeen = ctx), []))], msg, baseCtx);
    expect(ctxSeen!.signal).toBeInstanceOf(AbortSignal);
    expect(ctxSeen!.signal.aborted).toBe(false);
    expect(ctxSeen!.org).toBe(baseCtx.org);
    expect(ctxSeen!.limits).toBe(DEFAULT_LIMITS);
  });
});
