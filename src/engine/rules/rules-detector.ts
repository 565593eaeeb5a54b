/**
 * The MQL rules as one detector: every runnable rule of the loaded packs is evaluated against each message;
 * a rule that holds becomes a finding whose evidence names the conditions that made it hold. A rule that
 * throws is recorded (never thrown out of the engine) and the others go on.
 */
import type { MessageModel } from '../../core/message.ts';
import type { Finding, RuleInfo } from '../../core/verdict.ts';
import type { Detector, DetectorContext, ListSource, SenderHistory, SenderProfile } from '../detector.ts';
import type { EvalEnv } from './eval-env.ts';
import { makeLowerCache } from './eval-env.ts';
import { clipText, explainMatch } from './explain.ts';
import { prepareEmbeddedMessages } from './functions/parse-eml.ts';
import { toProfileView, UNKNOWN_PROFILE } from './functions/profile.ts';
import { makeListResolver } from './lists.ts';
import { loadPack, type LoadedRule, type PackReport } from './load-pack.ts';
import { truthy } from './values.ts';

export interface RulesDetectorOptions {
  /** Rule-pack folders (or single rule files), in order. */
  packs: string[];
  lists: ListSource;
  senderHistory?: SenderHistory;
  /** Called after each message with the time spent evaluating rules and any rule that threw. */
  onEval?: (run: RulesRun) => void;
  timeoutMs?: number;
  /** No approximations: rules that need an approximated function (the local NLU stand-in) are unsupported. */
  strict?: boolean;
}

export interface RulesRun {
  /** Wall-clock time spent evaluating the rules for this message. */
  evalMs: number;
  /** CPU time of the process meanwhile (user + system): on a busy machine, the cost without the waiting. */
  cpuMs: number;
  evaluated: number;
  matched: number;
  failures: { rule: string; error: string }[];
}

export interface RulesStats {
  total: number;
  runnable: number;
  skipped: number;
  unsupported: Record<string, number>;
  /** Loaded rules that call each approximated function. */
  approximated: Record<string, number>;
  /** Per pack, as `rules check` prints it. */
  packs: { path: string; report: PackReport }[];
}

export interface RulesDetector extends Detector {
  /** The last message's run (for benchmarks; concurrent scans overwrite it, use `onEval` for exact figures). */
  lastRun: RulesRun | null;
  readonly loaded: readonly LoadedRule[];
  /** A loaded rule calls `html.xpath`: the scan then keeps the body's DOM from parsing (parse/html-document.ts). */
  readonly queriesHtml: boolean;
}

const MAX_EVIDENCE = 300;

export async function createRulesDetector(options: RulesDetectorOptions): Promise<{ detector: RulesDetector; stats: RulesStats }> {
  const stats: RulesStats = { total: 0, runnable: 0, skipped: 0, unsupported: {}, approximated: {}, packs: [] };
  const loaded: LoadedRule[] = [];
  const seen = new Set<string>();
  for (const path of options.packs) {
    const pack = await loadPack(path, undefined, { strict: options.strict });
    stats.packs.push({ path, report: pack.report });
    stats.total += pack.report.total;
    stats.skipped += pack.report.skipped;
    for (const [fn, n] of Object.entries(pack.report.unsupported)) stats.unsupported[fn] = (stats.unsupported[fn] ?? 0) + n;
    for (const rule of pack.rules) {
      // Two packs defining the same id: the first one wins, the second is counted as skipped.
      if (seen.has(rule.id)) {
        stats.skipped++;
        continue;
      }
      seen.add(rule.id);
      loaded.push(rule);
      for (const fn of rule.approximations) stats.approximated[fn] = (stats.approximated[fn] ?? 0) + 1;
    }
  }
  stats.runnable = loaded.length;
  const usesProfile = loaded.some((r) => r.compiled.usesProfile);
  const parsesEml = loaded.some((r) => r.compiled.calls.has('file.parse_eml'));
  const rules: Record<string, RuleInfo> = Object.fromEntries(loaded.map((r) => [r.id, r.info]));

  const detector: RulesDetector = {
    id: 'mql',
    rules,
    timeoutMs: options.timeoutMs ?? 2000,
    lastRun: null,
    loaded,
    queriesHtml: loaded.some((r) => r.compiled.calls.has('html.xpath')),
    async detect(msg: MessageModel, ctx: DetectorContext): Promise<Finding[]> {
      const history = ctx.senderHistory ?? options.senderHistory;
      const profiles = usesProfile ? await fetchProfiles(msg, history, ctx.now) : unknownProfiles();
      if (parsesEml) await prepareEmbeddedMessages(msg, ctx.limits);
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const env: EvalEnv = {
        msg,
        stack: [],
        lists: makeListResolver(options.lists, ctx),
        profiles,
        memo: new Map(),
        lower: makeLowerCache(),
      };
      const findings: Finding[] = [];
      const failures: RulesRun['failures'] = [];
      let evaluated = 0;
      for (const rule of loaded) {
        if ((evaluated & 63) === 0 && ctx.signal?.aborted) break;
        evaluated++;
        try {
          env.stack.length = 0;
          if (!truthy(rule.compiled.fn(env))) continue;
          const why = explainMatch(rule.ast, rule.compiled.fns, env, rule.spec.source).join(' and ');
          // A rule that leaned on an approximation (the local NLU stand-in) says so before its evidence.
          const approx = rule.approximations.length ? `[approximate: ${rule.approximations.join(', ')}] ` : '';
          findings.push({ rule: rule.id, confidence: 1, evidence: clip(approx + (why || rule.spec.name)) });
        } catch (e) {
          failures.push({ rule: rule.id, error: e instanceof Error ? e.message : String(e) });
        }
      }
      const cpu = process.cpuUsage(cpuStart);
      const run = { evalMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, evaluated, matched: findings.length, failures };
      detector.lastRun = run;
      options.onEval?.(run);
      return findings;
    },
  };
  return { detector, stats };
}

function clip(s: string): string {
  return clipText(s, MAX_EVIDENCE);
}

function unknownProfiles(): EvalEnv['profiles'] {
  return { sender: UNKNOWN_PROFILE, senderDomain: UNKNOWN_PROFILE, replyTo: UNKNOWN_PROFILE };
}

async function fetchProfiles(msg: MessageModel, history: SenderHistory | undefined, now: Date): Promise<EvalEnv['profiles']> {
  if (!history) return unknownProfiles();
  const lookup = async (email: string | undefined): Promise<SenderProfile | null> => (email ? await history.lookup(email.toLowerCase()) : null);
  const sender = await lookup(msg.sender?.email?.email);
  const replyTo = msg.headers?.reply_to?.[0]?.email?.email;
  return {
    sender: toProfileView(sender, now),
    senderDomain: toProfileView(sender, now, true),
    replyTo: replyTo ? toProfileView(await lookup(replyTo), now) : UNKNOWN_PROFILE,
  };
}
