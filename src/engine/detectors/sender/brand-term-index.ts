/**
 * Indexes over brand terms, so that reading a new display name or local part costs a few map lookups instead of
 * a test of every term of every brand. An index only proposes candidates: the caller still runs its own exact
 * test on each, so a candidate list that is too long costs time, never a wrong answer, and one that is too short
 * is impossible by construction (every term that can match is filed under something the text must contain).
 */

/** Three characters: the key of the substring indexes. Terms shorter than this are filed as `always`. */
const KEY_LENGTH = 3;

/** Entries filed under the whole words a text must contain for them to match. */
export class WordIndex<T> {
  private readonly byWord = new Map<string, T[]>();

  add(word: string, entry: T): void {
    const list = this.byWord.get(word);
    if (list) list.push(entry);
    else this.byWord.set(word, [entry]);
  }

  /** Entries filed under any of the words (each word looked up once). */
  candidates(words: Iterable<string>, visit: (entry: T) => void): void {
    for (const word of new Set(words)) for (const entry of this.byWord.get(word) ?? []) visit(entry);
  }
}

/** Entries filed under the first three characters of the string a text must contain for them to match. */
export class SubstringIndex<T> {
  private readonly byKey = new Map<string, T[]>();
  private readonly always: T[] = [];

  add(needle: string, entry: T): void {
    if (needle.length < KEY_LENGTH) {
      this.always.push(entry);
      return;
    }
    const key = needle.slice(0, KEY_LENGTH);
    const list = this.byKey.get(key);
    if (list) list.push(entry);
    else this.byKey.set(key, [entry]);
  }

  /** Entries whose needle could occur in `text`: its key occurs there (each distinct key looked up once). */
  candidates(text: string, visit: (entry: T) => void): void {
    for (const entry of this.always) visit(entry);
    const seen = new Set<string>();
    for (let i = 0; i + KEY_LENGTH <= text.length; i++) {
      const key = text.slice(i, i + KEY_LENGTH);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const entry of this.byKey.get(key) ?? []) visit(entry);
    }
  }
}
