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

/** Results by subject, then by text: keyed by the text string itself, whose hash V8 keeps after the first call. */
type NluCache = Map<string | null, Map<string, NluResult | null>>;

let runs = 0;
/** How many texts were actually classified in this process (tests check the cache with it). */
export function nluClassifications(): number {
  return runs;
}

export function classifyCached(env: EvalEnv, text: string, subject: string | null): NluResult | null {
  // Many rules classify the same body text: no key string is built per call (hashing a fresh concatenation
  // of a long text on every call cost more than the lookup saves).
  let cache = env.memo.get(KEY) as unknown as NluCache | undefined;
  if (!cache) env.memo.set(KEY, (cache = new Map()) as unknown as Value);
  // An empty subject classifies like none: they share a cache.
  const subjectKey = subject || null;
  let bySubject = cache.get(subjectKey);
  if (!bySubject) cache.set(subjectKey, (bySubject = new Map()));
  const hit = bySubject.get(text);
  if (hit !== undefined) return hit;
  runs++;
  const result = classifyText(text, subject);
  bySubject.set(text, result);
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
