import { describe, expect, it } from 'vitest';
import { needsPushChannel } from '../../../src/core/provider.ts';
import { heldMailPlan } from '../../../src/pipeline/hold-channel.ts';

const now = Date.parse('2026-12-04T08:00:00Z');

describe('what the hold sweep does with held mail, by push channel', () => {
  it('Graph and Gmail need a live channel; the in-memory provider is told of mail directly', () => {
    expect(needsPushChannel('m365')).toBe(true);
    expect(needsPushChannel('google')).toBe(true);
    expect(needsPushChannel('memory')).toBe(false);
  });

  it('a live channel announces held mail: the sweep only releases the overdue part', () => {
    for (const p of ['m365', 'google'] as const) expect(heldMailPlan(p, new Date(now + 60_000), now)).toBe('fail-open');
  });

  it('no channel, or an expired one: the sweep queues the scans nobody else will', () => {
    for (const p of ['m365', 'google'] as const) {
      expect(heldMailPlan(p, null, now)).toBe('scan-held');
      expect(heldMailPlan(p, new Date(now), now)).toBe('scan-held');
      expect(heldMailPlan(p, new Date(now - 1), now)).toBe('scan-held');
    }
  });

  it('the in-memory provider never needs the sweep to find its mail', () => {
    expect(heldMailPlan('memory', null, now)).toBe('fail-open');
  });
});
