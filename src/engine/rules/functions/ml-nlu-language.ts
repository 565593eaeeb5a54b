/**
 * The `.language` of MailWarden's local NLU stand-in: the script for non-Latin text, and for Latin text the
 * language whose common short words occur most. Lower-case English names, as the rules compare them
 * (`== "english"`). Null when the text has too few words to tell.
 */

const STOPWORDS: Record<string, string> = {
  english: 'the and you your for are this that with have from will our please not can what about which their there would been has',
  french: 'le la les des est une vous nous pour pas que qui dans sur avec votre mais sont ces cette être aux',
  spanish: 'el los las una por para con que del está usted sus este esta como pero más muy nuestro hola gracias',
  german: 'der die das und ist nicht sie ein eine mit für auf den dem ich wir ihre ihr sind bitte haben',
  portuguese: 'não uma para com que você seu sua seus suas foi em mais muito são está obrigado pelo pela nossa dos das aqui',
  italian: 'il che non una per con sono della alla gli questo questa anche grazie nostro più',
  dutch: 'het een van en niet dat zijn voor met ook wij jullie uw deze naar maar',
};

/** Word to the languages listing it, in STOPWORDS order (the order ties are broken in): one lookup per word. */
const LANGS_OF = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const word of new Set(words.split(' '))) {
    const langs = LANGS_OF.get(word);
    if (langs) langs.push(lang);
    else LANGS_OF.set(word, [lang]);
  }
}

const SCRIPTS: readonly [RegExp, string][] = [
  [/[\u3040-\u30ff]/g, 'japanese'],
  [/[\uac00-\ud7af]/g, 'korean'],
  [/[\u4e00-\u9fff]/g, 'chinese'],
  [/[\u0400-\u04ff]/g, 'russian'],
  [/[\u0600-\u06ff]/g, 'arabic'],
  [/[\u0590-\u05ff]/g, 'hebrew'],
  [/[\u0370-\u03ff]/g, 'greek'],
  [/[\u0e00-\u0e7f]/g, 'thai'],
];

const NON_ASCII = /[^\x00-\x7f]/;

function asciiLetters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) n++;
  }
  return n;
}

export function detectLanguage(lower: string): string | null {
  const sample = lower.slice(0, 4000);
  // Most texts are plain ASCII: their letters are A-Z and a-z, and no script below can occur in them.
  const ascii = !NON_ASCII.test(sample);
  const letters = ascii ? asciiLetters(sample) : (sample.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return null;
  // Kana decides Japanese even though Japanese text is mostly Han characters.
  if (!ascii) {
    for (const [re, lang] of SCRIPTS) {
      const n = (sample.match(re) ?? []).length;
      if (lang === 'japanese' ? n >= 5 : n / letters > 0.3) return lang;
    }
  }
  const counts = new Map<string, number>();
  let words = 0;
  for (const word of sample.match(/\p{L}+/gu) ?? []) {
    words++;
    const langs = LANGS_OF.get(word);
    if (langs) for (const lang of langs) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestN = 0;
  for (const [lang, n] of counts) if (n > bestN) [best, bestN] = [lang, n];
  return words >= 3 && bestN >= 2 ? best : null;
}
