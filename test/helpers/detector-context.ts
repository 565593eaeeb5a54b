import type { DetectorContext } from '../../src/engine/detector.ts';
import { DEFAULT_LIMITS } from '../../src/engine/limits.ts';
import { listSource } from './list-source.ts';

/** Free-mail providers and shorteners that detector tests share (a small, fixed slice of the real lists). */
export const TEST_LISTS = {
  free_email_providers: ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'aol.com', 'gmx.de', 'web.de'],
  url_shorteners: ['bit.ly', 'tinyurl.com', 't.co', 'is.gd', 'cutt.ly'],
};

/** A DetectorContext for one detector call; overrides replace whole parts. */
export function makeContext(parts: Partial<DetectorContext> = {}): DetectorContext {
  return {
    org: { domains: ['acme.com'], vips: [{ name: 'Jane Doe', email: 'jane.doe@acme.com' }] },
    lists: listSource(TEST_LISTS),
    limits: DEFAULT_LIMITS,
    now: new Date('2026-01-05T10:00:00Z'),
    signal: new AbortController().signal,
    ...parts,
  };
}
