import type { MessageModel } from '../../../../../src/core/message.ts';
import type { Finding } from '../../../../../src/core/verdict.ts';
import { contentDetector } from '../../../../../src/engine/detectors/content/index.ts';
import { makeContext } from '../../../../helpers/detector-context.ts';
import { makeModel, type ModelParts } from '../../../../helpers/model-factory.ts';

/** A model whose subject and newest body text are the given strings. */
export function textModel(subject: string, text: string, parts: ModelParts = {}): MessageModel {
  const model = makeModel({ ...parts, body: { plain: { raw: text }, current_thread: { text, links: [] }, ...parts.body } });
  return { ...model, subject: { subject, base: subject, is_reply: /^re:/i.test(subject), is_forward: false } };
}

/** Runs the content detector and returns its findings. */
export function contentFindings(msg: MessageModel): Finding[] {
  return contentDetector.detect(msg, makeContext()) as Finding[];
}

/** The rule ids the content detector reports for a message. */
export function contentRules(msg: MessageModel): string[] {
  return contentFindings(msg).map((f) => f.rule);
}
