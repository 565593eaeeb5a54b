import type { Finding } from '../../../core/verdict.ts';
import { quote } from '../content/normalize.ts';
import type { TextView } from '../content/text-view.ts';
import { finding } from './finding.ts';

/**
 * Sign-up forms abused as a mail relay: the spammer registers on some website with the ad as the user name
 * (`www.xyz.blogspot.com - BINANCE 150 072 EURO`), and the site mails its "login details" to the victim.
 */
const ACCOUNT_NAME_RE = /\b(?:user ?name|login|benutzername|nome de usuário|nombre de usuario|nom d.utilisateur|gebruikersnaam)\s*:\s*([^\n]{0,120})/i;
const AD_IN_NAME_RE = /(?:www\.|https?:\/\/|\.(?:com|net|ru|io|xyz|top|blogspot)\b)|\b\d[\d ,.]*\s*(?:eur|euro|usd|btc|usdt|\$|€)|\b(?:binance|bitcoin|crypto|bonus|prize|casino)\b/i;

export function accountNameSpamFindings(view: TextView): Finding[] {
  const m = ACCOUNT_NAME_RE.exec(view.bodyRaw.slice(0, 4_000));
  if (!m || !AD_IN_NAME_RE.test(m[1])) return [];
  return [finding('ACCOUNT_NAME_SPAM', 1, `an advert as the account name: "${quote(m[1], 50)}"`)];
}
