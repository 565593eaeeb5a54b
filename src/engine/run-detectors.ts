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
 */
export async function runDetectors(
  detectors: readonly Detector[],
  msg: MessageModel,
  baseCtx: Omit<DetectorContext, 'signal'>,
): Promise<{ outputs: DetectorOutput[]; failures: DetectorFailure[] }> {
  const outputs: DetectorOutput[] = [];
  const failures: DetectorFailure[] = [];
  await Promise.all(
    detectors.map(async (detector) => {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), detector.timeoutMs);
      });
      try {
        const result = await Promise.race([
          Promise.resolve().then(() => detector.detect(msg, { ...baseCtx, signal: controller.signal })),
          timeout,
        ]);
        if (result === 'timeout') {
          controller.abort();
          failures.push({ detector: detector.id, error: `timed out after ${detector.timeoutMs} ms`, timedOut: true });
          return;
        }
        outputs.push({ detector, findings: result.filter((f) => isKnownRule(detector, f, failures)) });
      } catch (err) {
        failures.push({ detector: detector.id, error: describeError(err), timedOut: false });
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { outputs, failures };
}

/** A finding for a rule missing from the detector's table has no weight: it is a bug, recorded as one. */
function isKnownRule(detector: Detector, finding: Finding, failures: DetectorFailure[]): boolean {
  if (detector.rules[finding.rule]) return true;
  failures.push({ detector: detector.id, error: `unknown rule ${finding.rule}`, timedOut: false });
  return false;
}
