import type { Detector } from './detector.ts';
import { attachmentDetector } from './detectors/attachments/attachment-detector.ts';

/** The one registry of built-in detectors. Add a detector here and nowhere else. */
export const BUILTIN_DETECTORS: readonly Detector[] = [
  attachmentDetector,
];
