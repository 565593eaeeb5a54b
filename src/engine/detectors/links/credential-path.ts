import type { Url } from '../../../core/message.ts';

/** Path words of login and account-verification pages. */
const STRONG = /(?:^|[/._-])(log-?in|sign-?in|log-?on|sign-?on|verify|verification|validate|webscr|unlock|reactivat\w*|recover\w*|password|passwd|authenticate|credential\w*|owa|adfs|oauth2?)(?=[/._-]|$)/i;
const WEAK = /(?:^|[/._-])(account|update|secure|security|confirm|auth|wallet|billing|payment|suspend\w*|restore|unusual|kyc)(?=[/._-]|$)/i;
/** WordPress internals serving a page: the signature of a phishing kit dropped on a hacked blog. */
const WP_KIT = /\/wp-(admin|includes|content)\/(?!uploads\/[^?#]*\.(?:jpe?g|png|gif|webp|svg|pdf)$)[^?#]*(\.php|\.html?|\/)$/i;
const PAGE_EXT = /\.(php|html?|aspx?)$/i;

/** `/tto/Kkgl2BOrKIdoCA.php`: a script whose name is a random mixed-case token. */
// PHP only: kits are PHP; legacy .htm/.asp sites name pages in CamelCase acronyms (TGGoogleBrowser.html).
const RANDOM_SCRIPT = /\/([A-Za-z0-9]{8,40})\.php$/;

/** True when the last path segment is a randomly named script (mixed case and long, no dictionary shape). */
export function isRandomScriptPath(url: Url): boolean {
  const m = RANDOM_SCRIPT.exec((url.path ?? '').slice(0, 2048));
  if (!m) return false;
  const name = m[1]!;
  const upper = (name.match(/[A-Z]/g) ?? []).length;
  const lower = (name.match(/[a-z]/g) ?? []).length;
  const digits = (name.match(/[0-9]/g) ?? []).length;
  // camelCase words have one capital per word; random tokens have many, often after each other.
  return upper >= 3 && lower >= 3 && /[A-Z]{2}|[a-z][A-Z][a-z][A-Z]|[0-9][A-Za-z][0-9]/.test(name) && (upper + digits) / name.length >= 0.25;
}

/**
 * How much a URL path looks like a credential-harvest page, 0..1. A bare `.php` counts only on a suspicious
 * host (the caller says so), as do account words; a login word on an ordinary site is a moderate hint.
 */
export function credentialPathConfidence(url: Url, suspiciousHost: boolean): number {
  const path = (url.path ?? '').slice(0, 2048);
  const query = (url.query_params ?? '').slice(0, 512);
  if (WP_KIT.test(path)) return 0.9;
  const strong = STRONG.test(path) || STRONG.test(query.split('&')[0] ?? '');
  const weak = WEAK.test(path);
  // Account words alone are everywhere on legitimate sites ("/secure/checkout", "/account/update"):
  // they count only on a host that is already suspicious.
  if (suspiciousHost && (strong || weak || PAGE_EXT.test(path))) return 1;
  // Newsletters link to their own login pages with tracking parameters; a kit's landing page needs none.
  return strong && !url.query_params ? 0.3 : 0;
}
