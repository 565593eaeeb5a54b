import { GoogleProvider, type GoogleProviderOptions } from '../../../../connectors/google/google-provider.ts';
import type { BackoffPolicy } from '../../../../connectors/google/backoff.ts';
import { startGoogleWorld, type GoogleWorld } from '../../../emulators/google/google-world.ts';

/** A backoff policy that records its waits instead of sleeping, so tests count retries. */
export function countingBackoff(attempts = 4): BackoffPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { attempts, baseMs: 10, maxMs: 40, waits, sleep: async (ms) => void waits.push(ms) };
}

export async function providerWorld(
  options: { userCount?: number; provider?: GoogleProviderOptions } = {},
): Promise<GoogleWorld & { provider: GoogleProvider; backoff: ReturnType<typeof countingBackoff> }> {
  const w = await startGoogleWorld({ userCount: options.userCount ?? 2 });
  w.emu.quota.unitsPerSecond = 1_000_000;
  const backoff = countingBackoff();
  const provider = new GoogleProvider(w.connection, { backoff, ...options.provider });
  return { ...w, provider, backoff };
}
