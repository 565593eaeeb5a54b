import { FRAUD_LEXICON } from './lexicon-fraud.ts';
import { LURE_LEXICON } from './lexicon-lures.ts';
import { compilePhraseSet, type PhraseHits } from './phrase-set.ts';

export const CONTENT_LEXICON = { ...LURE_LEXICON, ...FRAUD_LEXICON };

/** A family of phrases the content detector knows. */
export type ContentFamily = keyof typeof CONTENT_LEXICON;

export type ContentHits = PhraseHits<ContentFamily>;

/** Compiled once at load: one regex pass per message finds every family. */
export const CONTENT_PHRASES = compilePhraseSet<ContentFamily>(CONTENT_LEXICON);
