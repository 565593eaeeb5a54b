import { createScanEngine, type ScanEngine } from '../engine/scan-message.ts';
import { BUILTIN_DETECTORS } from '../engine/registry.ts';
import type { ListSource } from '../engine/detector.ts';

const NO_LISTS: ListSource = { get: () => new Set<string>(), has: () => false };

/** The scan engine the workers use: the built-in detectors with the engine's defaults. */
export async function createPipelineEngine(): Promise<ScanEngine> {
  return createScanEngine({ detectors: BUILTIN_DETECTORS, lists: NO_LISTS });
}
