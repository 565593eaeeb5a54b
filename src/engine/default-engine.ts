/**
 * The engine as the CLI, the benchmarks and the service build it: built-in detectors, shipped lists (plus the
 * user's list folders), the org profile, and MQL rule packs when asked for.
 */
import type { Detector, OrgProfile, SenderHistory, TxtResolver } from './detector.ts';
import type { Limits } from './limits.ts';
import type { MalwareScanner } from './attachments/clamd.ts';
import { loadLists, type LoadedLists } from './lists/index.ts';
import { BUILTIN_DETECTORS } from './registry.ts';
import { createScanEngine, type ScanEngine } from './scan-message.ts';
import type { VerdictThresholds, WeightOverrides } from './scoring.ts';

export interface DefaultEngineOptions {
  org?: OrgProfile;
  /** Rule-pack folders or files (`default`: the pack shipped with the engine); empty or absent: no MQL rules. */
  rulePacks?: string[];
  /** No approximations in MQL rules: rules needing MailWarden's local NLU stand-in are unsupported (skipped). */
  strictRules?: boolean;
  /** Folders of `*.txt` lists merged over the shipped ones. */
  listFolders?: string[];
  limits?: Limits;
  overrides?: WeightOverrides;
  thresholds?: VerdictThresholds;
  dns?: TxtResolver;
  senderHistory?: SenderHistory;
  attachments?: boolean;
  /** Signature scanner (clamd, see attachments/clamd.ts) run on every attachment, when configured. */
  malwareScanner?: MalwareScanner;
  /** Wraps every detector (benchmarks time each one this way). */
  wrapDetector?: (detector: Detector) => Detector;
  /** Called after each message with the time the rules took, wall and CPU (benchmarks). */
  onRulesEval?: (run: { evalMs: number; cpuMs: number; evaluated: number; matched: number }) => void;
}

export interface RulesLoadStats {
  total: number;
  runnable: number;
  skipped: number;
}

export interface DefaultEngine {
  engine: ScanEngine;
  lists: LoadedLists;
  /** Present when rule packs were loaded. */
  rules: RulesLoadStats | null;
}

export async function createDefaultEngine(options: DefaultEngineOptions = {}): Promise<DefaultEngine> {
  const lists = loadLists({ folders: options.listFolders ?? [] });
  const detectors: Detector[] = [...BUILTIN_DETECTORS];
  let rules: RulesLoadStats | null = null;
  let htmlDocument = false;
  if (options.rulePacks && options.rulePacks.length > 0) {
    const made = await loadRulesDetector(options.rulePacks, lists, options);
    detectors.push(made.detector);
    htmlDocument = made.detector.queriesHtml;
    rules = { total: made.stats.total, runnable: made.stats.runnable, skipped: made.stats.skipped };
  }
  const engine = createScanEngine({
    detectors: options.wrapDetector ? detectors.map(options.wrapDetector) : detectors,
    lists,
    org: options.org,
    limits: options.limits,
    overrides: options.overrides,
    thresholds: options.thresholds,
    dns: options.dns,
    senderHistory: options.senderHistory,
    attachments: options.attachments,
    malwareScanner: options.malwareScanner,
    htmlDocument,
  });
  return { engine, lists, rules };
}

interface RulesModule {
  DEFAULT_PACK_DIR: string;
  createRulesDetector(o: {
    packs: string[];
    lists: LoadedLists;
    senderHistory?: SenderHistory;
    onEval?: DefaultEngineOptions['onRulesEval'];
    strict?: boolean;
  }): Promise<{ detector: Detector & { queriesHtml: boolean }; stats: RulesLoadStats }>;
}

/** The rule engine is loaded only when rules were asked for: a plain scan never pays for it. */
async function loadRulesDetector(packs: string[], lists: LoadedLists, options: DefaultEngineOptions) {
  let mod: RulesModule;
  try {
    mod = (await import('./rules/index.ts')) as RulesModule;
  } catch (err) {
    throw new Error(`rule packs were requested but the MQL rule engine could not be loaded: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const resolved = packs.map((p) => (p === 'default' ? mod.DEFAULT_PACK_DIR : p));
  return mod.createRulesDetector({ packs: resolved, lists, senderHistory: options.senderHistory, onEval: options.onRulesEval, strict: options.strictRules });
}
