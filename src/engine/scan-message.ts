import type { MessageModel } from '../core/message.ts';
import type { Verdict } from '../core/verdict.ts';
import type { Detector, ListSource, OrgProfile, SenderHistory, TxtResolver } from './detector.ts';
import type { TenantDlpRules } from './dlp/tenant-rules.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { parseMessage } from './parse/parse-message.ts';
import { analyzeAttachments } from './attachments/analyze-attachments.ts';
import type { MalwareScanner } from './attachments/clamd.ts';
import { runDetectors } from './run-detectors.ts';
import { scoreFindings, DEFAULT_THRESHOLDS, type VerdictThresholds, type WeightOverrides } from './scoring.ts';

export interface ScanEngineOptions {
  detectors: readonly Detector[];
  lists: ListSource;
  org?: OrgProfile;
  limits?: Limits;
  overrides?: WeightOverrides;
  thresholds?: VerdictThresholds;
  dns?: TxtResolver;
  senderHistory?: SenderHistory;
  /** Unpack and inspect attachments (on by default). */
  attachments?: boolean;
  /** Signature scanner (clamd) run on every attachment, when configured. */
  malwareScanner?: MalwareScanner;
  /** A detector queries the body's DOM (MQL `html.xpath`): build it while the parser renders the HTML. */
  htmlDocument?: boolean;
}

export interface ScanInput {
  raw: Uint8Array;
  externalId?: string | null;
  /** Overrides the engine's org profile for this message (per-tenant scans). */
  org?: OrgProfile;
  overrides?: WeightOverrides;
  /** Which side of the protected mailbox the message was seen on, when known. */
  direction?: 'inbound' | 'outbound';
  /** Overrides the engine's sender history for this message (per-tenant history kept by the service). */
  senderHistory?: SenderHistory;
  /** The tenant's own DLP patterns and word lists (per-tenant scans). */
  dlp?: TenantDlpRules;
}

export interface ScanResult {
  model: MessageModel;
  verdict: Verdict;
  ms: number;
}

export interface ScanEngine {
  scan(input: ScanInput): Promise<ScanResult>;
  readonly detectors: readonly Detector[];
}

/** The scan use case: parse → unpack attachments → detect → score. Never throws on hostile input. */
export function createScanEngine(options: ScanEngineOptions): ScanEngine {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const defaultOrg = options.org ?? { domains: [], vips: [] };
  return {
    detectors: options.detectors,
    async scan(input) {
      const started = performance.now();
      const org = input.org ?? defaultOrg;
      const model = await parseMessage(input.raw, {
        limits,
        orgDomains: org.domains,
        externalId: input.externalId ?? null,
        direction: input.direction,
        htmlDocument: options.htmlDocument,
      });
      // Non-enumerable: the bytes ride along for DKIM re-verification but never reach JSON output.
      Object.defineProperty(model, 'raw', { value: input.raw, enumerable: false, configurable: true, writable: true });
      if (options.attachments !== false) await analyzeAttachments(model, limits, { malwareScanner: options.malwareScanner });
      const { outputs, failures } = await runDetectors(options.detectors, model, {
        org,
        lists: options.lists,
        limits,
        now: new Date(),
        dns: options.dns,
        senderHistory: input.senderHistory ?? options.senderHistory,
        ...(input.dlp ? { dlp: input.dlp } : {}),
      });
      const overrides = mergeOverrides(options.overrides, input.overrides);
      const verdict = scoreFindings(outputs, failures, overrides, options.thresholds ?? DEFAULT_THRESHOLDS);
      return { model, verdict, ms: performance.now() - started };
    },
  };
}

function mergeOverrides(base?: WeightOverrides, extra?: WeightOverrides): WeightOverrides {
  return {
    weights: { ...base?.weights, ...extra?.weights },
    disabled: [...(base?.disabled ?? []), ...(extra?.disabled ?? [])],
  };
}
