/**
 * The one table of MQL functions we evaluate locally. A call to a name missing from it (`ml.link_analysis`,
 * `network.whois`, `beta.ocr`, `file.message_screenshot`, …) makes its rule unsupported at compile time, counted
 * under that name: never evaluated, never guessed. `ml.nlu_classifier` and `beta.ml_topic` run on MailWarden's
 * own local NLU stand-in, marked `approximation`: reported as such, and unsupported again in strict mode.
 */
import { COLLECTION_FUNCTIONS } from './collections.ts';
import { FILE_FUNCTIONS } from './file.ts';
import { FILE_ANALYSIS_FUNCTIONS } from './file-analysis.ts';
import { EXIF_FUNCTIONS } from './exif.ts';
import { HTML_FUNCTIONS } from './html.ts';
import { ICS_FUNCTIONS } from './ics.ts';
import { ML_NLU_FUNCTIONS } from './ml-nlu.ts';
import { NETWORK_FUNCTIONS } from './network.ts';
import { PARSE_EML_FUNCTIONS } from './parse-eml.ts';
import { PROFILE_FUNCTIONS } from './profile.ts';
import { REGEX_FUNCTIONS } from './regex-fns.ts';
import { STRING_FUNCTIONS } from './strings.ts';
import type { FnTable } from './types.ts';

export const FUNCTIONS: FnTable = {
  ...COLLECTION_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...FILE_FUNCTIONS,
  ...FILE_ANALYSIS_FUNCTIONS,
  ...HTML_FUNCTIONS,
  ...EXIF_FUNCTIONS,
  ...ICS_FUNCTIONS,
  ...NETWORK_FUNCTIONS,
  ...PARSE_EML_FUNCTIONS,
  ...PROFILE_FUNCTIONS,
  // Approximations (MailWarden's own stand-ins, marked so packs report them and strict mode skips them).
  ...ML_NLU_FUNCTIONS,
};

/** What stands in for a function that is only approximated locally, or undefined when it is exact. */
export function approximationOf(name: string): string | undefined {
  return FUNCTIONS[name]?.approximation;
}

/** Built into the compiler because their second argument is a lambda over `.`. */
export const LAMBDA_FUNCTIONS = new Set(['any', 'all', 'filter', 'map', 'distinct', 'ratio']);

/** Why a known-but-unsupported function is not run locally (shown by `rules check`; in strict mode also the approximated ones). */
export const UNSUPPORTED_REASONS: Record<string, string> = {
  'ml.nlu_classifier': 'proprietary NLU model',
  'ml.link_analysis': 'fetches the link in a browser',
  'ml.logo_detect': 'proprietary vision model',
  'ml.macro_classifier': 'proprietary model',
  'network.whois': 'remote WHOIS service',
  'beta.ocr': 'OCR of a rendered image',
  'file.message_screenshot': 'renders the message in a browser',
  'file.html_screenshot': 'renders HTML in a browser',
  'beta.ml_topic': 'proprietary topic model',
  'beta.linkanalysis': 'fetches the link in a browser',
  'beta.ml_translate': 'machine translation model',
  'beta.fuzzy_attack_score': 'proprietary scoring model',
};
