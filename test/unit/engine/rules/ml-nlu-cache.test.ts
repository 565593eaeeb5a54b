/**
 * The per-message NLU cache (ml-nlu.ts): results by subject and text, without a key string per call. Each
 * distinct (text, subject) is classified once per message, and what it returns is what classifying afresh gives.
 */
import { describe, expect, it } from 'vitest';
import type { EvalEnv } from '../../../../src/engine/rules/eval-env.ts';
import { classifyText } from '../../../../src/engine/rules/functions/ml-nlu-classify.ts';
import { classifyCached, nluClassifications } from '../../../../src/engine/rules/functions/ml-nlu.ts';

const envOf = () => ({ memo: new Map() }) as unknown as EvalEnv;
const LURE = 'Your mailbox is full. Verify your account within 24 hours or lose access. Click here to sign in.';
const NOTE = 'Lunch on Friday? The usual place at noon.';

describe('NLU cache', () => {
  it('classifies each distinct text and subject once per message, with the uncached result', () => {
    const env = envOf();
    const before = nluClassifications();
    const a = classifyCached(env, LURE, null);
    // A different string object with the same characters is the same text.
    const copy = [...LURE].join('');
    expect(classifyCached(env, copy, null)).toBe(a);
    expect(classifyCached(env, LURE, '')).toBe(a);
    expect(nluClassifications() - before).toBe(1);
    const withSubject = classifyCached(env, LURE, 'Action required');
    const note = classifyCached(env, NOTE, null);
    expect(classifyCached(env, '   ', null)).toBeNull();
    expect(classifyCached(env, '   ', null)).toBeNull();
    expect(nluClassifications() - before).toBe(4);
    expect(a).toEqual(classifyText(LURE, null));
    expect(withSubject).toEqual(classifyText(LURE, 'Action required'));
    expect(withSubject).not.toBe(a);
    expect(note).toEqual(classifyText(NOTE, null));
    // Another message starts afresh.
    classifyCached(envOf(), LURE, null);
    expect(nluClassifications() - before).toBe(5);
  });
});
