/**
 * `ml.nlu_classifier(text[, subject=…])` and `beta.ml_topic(text)` backed by MailWarden's local NLU stand-in
 * (ml-nlu-classify.ts) — an approximation computed on this machine, not Sublime's model. Marked `approximation`
 * so packs count the rules that use it and strict mode refuses them.
 *
 * Many rules classify the same `body.current_thread.text`, and lambdas classify per item (`.scan.ocr.raw`,
 * `.display_text`) where the compiler's per-expression memo cannot help: results are cached per message, keyed
 * by the text itself, in the message's memo.
 */
import type { EvalEnv } from '../eval-env.ts';
import { str, type Value } from '../values.ts';
import { classifyText, type NluResult } from './ml-nlu-classify.ts';
import type { FnTable } from './types.ts';

export const NLU_APPROXIMATION = "MailWarden's local NLU stand-in (phrase lists and patterns), not Sublime's model";

/** Memo keys cannot collide with the compiler's (normalised MQL source never starts with a NUL). */
const KEY = '\u0000nlu\u0000';

let runs = 0;
/** How many texts were actually classified in this process (tests check the cache with it). */
export function nluClassifications(): number {
  return runs;
}

export function classifyCached(env: EvalEnv, text: string, subject: string | null): NluResult | null {
  const key = `${KEY}${subject ?? ''}\u0000${text}`;
  const hit = env.memo.get(key);
  if (hit !== undefined || env.memo.has(key)) return hit as NluResult | null;
  runs++;
  const result = classifyText(text, subject);
  env.memo.set(key, result);
  return result;
}

function nlu(args: Value[], env: EvalEnv, named: Record<string, Value>): Value {
  const text = str(args[0]);
  if (text === null) return null;
  const subject = named.subject === undefined ? null : str(named.subject);
  return classifyCached(env, text, subject);
}

export const ML_NLU_FUNCTIONS: FnTable = {
  'ml.nlu_classifier': { minArgs: 1, maxArgs: 1, approximation: NLU_APPROXIMATION, call: nlu },
  'beta.ml_topic': {
    minArgs: 1,
    maxArgs: 1,
    approximation: NLU_APPROXIMATION,
    call: (args, env) => {
      const text = str(args[0]);
      if (text === null) return null;
      const r = classifyCached(env, text, null);
      return r && { topics: r.topics };
    },
  },
};
