import type { MessageModel } from '../../../../../src/core/message.ts';
import type { Finding } from '../../../../../src/core/verdict.ts';
import { bulkDetector } from '../../../../../src/engine/detectors/bulk/index.ts';
import { makeContext } from '../../../../helpers/detector-context.ts';

/** Runs the bulk detector and returns its findings. */
export function bulkFindings(msg: MessageModel): Finding[] {
  return bulkDetector.detect(msg, makeContext()) as Finding[];
}

/** The rule ids the bulk detector reports for a message. */
export function bulkRules(msg: MessageModel): string[] {
  return bulkFindings(msg).map((f) => f.rule);
}
