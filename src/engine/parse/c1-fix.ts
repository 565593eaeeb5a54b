/**
 * Node 20's TextDecoder decodes windows-1252 (and iso-8859-1, which WHATWG maps to it) as strict Latin-1,
 * leaving bytes 0x80-0x9F as C1 control characters where mail means € – “ ” and friends. Real text never
 * carries C1 controls, so mapping them to their windows-1252 characters is safe whatever the charset was.
 */
const CP1252: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};
const C1 = /[\u0080-\u009f]/g;

export function fixC1(text: string): string;
export function fixC1(text: string | undefined): string | undefined;
export function fixC1(text: string | undefined): string | undefined {
  if (text === undefined || !C1.test(text)) return text;
  C1.lastIndex = 0;
  return text.replace(C1, (c) => CP1252[c.charCodeAt(0)] ?? c);
}
