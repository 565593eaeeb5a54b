import type { Finding } from '../../../core/verdict.ts';
import { quote } from '../content/normalize.ts';
import type { TextView } from '../content/text-view.ts';
import { finding } from './finding.ts';

/** Merge fields a bulk tool failed to fill: `{firstname}`, `{{name}}`, `[username]`, `%EMAIL%`. */
const PLACEHOLDER_RE = /\{\{?\s*(?:first_?name|last_?name|full_?name|name|e-?mail|user_?name|user|fname|lname|recipient)\b[^{}\n]{0,20}\}\}?|\[(?:user_?name|first_?name|name|e-?mail|recipient)\]|%%?(?:first_?name|e-?mail|name|user_?name)%%?/i;

/** A template the mass mailer did not fill is a mass mailing that did not check its own output. */
export function placeholderFindings(view: TextView): Finding[] {
  const hit = PLACEHOLDER_RE.exec(view.subjectRaw) ?? PLACEHOLDER_RE.exec(view.bodyRaw.slice(0, 8_000));
  return hit ? [finding('UNFILLED_PLACEHOLDER', 1, `unfilled merge field ${quote(hit[0], 30)}`)] : [];
}
