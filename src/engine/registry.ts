import type { Detector } from './detector.ts';
import { attachmentDetector } from './detectors/attachments/attachment-detector.ts';
import { authenticationDetector } from './detectors/authentication/index.ts';
import { senderDetector } from './detectors/sender/index.ts';
import { linksDetector } from './detectors/links/index.ts';
import { contentDetector } from './detectors/content/index.ts';
import { bulkDetector } from './detectors/bulk/index.ts';
import { dlpDetector } from './detectors/dlp/index.ts';

/** The one registry of built-in detectors. Add a detector here and nowhere else. */
export const BUILTIN_DETECTORS: readonly Detector[] = [
  attachmentDetector,
  authenticationDetector,
  senderDetector,
  linksDetector,
  contentDetector,
  bulkDetector,
  dlpDetector,
];
