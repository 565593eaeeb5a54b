import type { MessageModel } from '../core/message.ts';
import type { DetectorFailure, Finding } from '../core/verdict.ts';
import { describeError } from '../core/errors.ts';
import type { Detector, DetectorContext } from './detector.ts';

export interface DetectorOutput {
  detector: Detector;
  findings: Finding[];
}

/**
 * Runs every detector with its own budget. A detector that throws or runs past its budget is recorded as a
 * failure and the scan goes on: one broken detector must never hide what the others found.
 *
 * A synchronous detector cannot be interrupted (a timer only fires once it has returned), so only a detector
 * that returns a promise gets a timer; and the abort signal is made only when a detector asks for it. Both are
 * per-detector, per-message costs that showed in the scan profile. Outputs and failures are listed in detector
 * order.
 */
export async function runDetectors(
  detectors: readonly Detector[],
  msg: MessageModel,
  baseCtx: Omit<DetectorContext, 'signal'>,
): Promise<{ outputs: DetectorOutput[]; failures: DetectorFailure[] }> {
  const outputs: (DetectorOutput | undefined)[] = new Array(detectors.length);
  const failures: DetectorFailure[][] = detectors.map(() => []);
  const pending: Promise<void>[] = [];
  // What a detector returned, minus findings for rules it does not declare; a result that is not a list of
  // findings is that detector's failure, like a throw.
  const accept = (i: number, found: Finding[]): void => {
    const detector = detectors[i]!;
    try {
      outputs[i] = { detector, findings: found.filter((f) => isKnownRule(detector, f, failures[i]!)) };
    } catch (err) {
      failures[i]!.push({ detector: detector.id, error: describeError(err), timedOut: false });
    }
  };
  detectors.forEach((detector, i) => {
    const abort = lazyAbort();
    let result: Finding[] | Promise<Finding[]>;
    try {
      result = detector.detect(msg, contextWithSignal(baseCtx, abort));
    } catch (err) {
      failures[i]!.push({ detector: detector.id, error: describeError(err), timedOut: false });
      return;
    }
    if (!isPromise(result)) {
      accept(i, result);
      return;
    }
    pending.push(
      withBudget(result, detector.timeoutMs).then(
        (found) => {
          if (found !== TIMED_OUT) return accept(i, found);
          abort.fire();
          failures[i]!.push({ detector: detector.id, error: `timed out after ${detector.timeoutMs} ms`, timedOut: true });
        },
        (err: unknown) => {
          failures[i]!.push({ detector: detector.id, error: describeError(err), timedOut: false });
        },
      ),
    );
  });
  if (pending.length > 0) await Promise.all(pending);
  return { outputs: outputs.filter((o) => o !== undefined), failures: failures.flat() };
}

const TIMED_OUT = Symbol('timed out');

/** The detector's result, or TIMED_OUT when its budget runs out first. */
async function withBudget<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface LazyAbort {
  signal(): AbortSignal;
  fire(): void;
}

/** An AbortController made on first use; fired before that, the signal it hands out later is already aborted. */
function lazyAbort(): LazyAbort {
  let controller: AbortController | null = null;
  let fired = false;
  return {
    signal() {
      if (!controller) {
        controller = new AbortController();
        if (fired) controller.abort();
      }
      return controller.signal;
    },
    fire() {
      fired = true;
      controller?.abort();
    },
  };
}

function contextWithSignal(base: Omit<DetectorContext, 'signal'>, abort: LazyAbort): DetectorContext {
  return {
    ...base,
    get signal() {
      return abort.signal();
    },
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** A finding for a rule missing from the detector's table has no weight: it is a bug, recorded as one. */
function isKnownRule(detector: Detector, finding: Finding, failures: DetectorFailure[]): boolean {
  if (detector.rules[finding.rule]) return true;
  failures.push({ detector: detector.id, error: `unknown rule ${finding.rule}`, timedOut: false });
  return false;
}
