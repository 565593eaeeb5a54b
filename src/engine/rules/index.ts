/** The MQL rule engine: what the scan CLI, the service and `mailwarden rules` use. */
import { fileURLToPath } from 'node:url';

export { createRulesDetector } from './rules-detector.ts';
export type { RulesDetector, RulesDetectorOptions, RulesRun, RulesStats } from './rules-detector.ts';
export { loadPack } from './load-pack.ts';
export type { LoadedPack, LoadedRule, PackReport, RuleError } from './load-pack.ts';
export { parseMql } from './parser.ts';
export { compileMql } from './compile.ts';
export { UNSUPPORTED_REASONS } from './functions/index.ts';

/** Our own rule pack, shipped with the project. */
export const DEFAULT_PACK_DIR = fileURLToPath(new URL('./default-pack/', import.meta.url));
