import type { Finding } from '../../../core/verdict.ts';
import { quote } from '../content/normalize.ts';
import type { TextView } from '../content/text-view.ts';
import { finding } from './finding.ts';

/**
 * Sign-up forms abused as a mail relay: the spammer registers on some website with the ad as the user name
 * (`www.xyz.blogspot.com - BINANCE 150 072 EURO`), and the site mails its "login details" to the victim.
 */
const ACCOUNT_NAME_RE = /(?:^|\n)\s*(?:user ?name|benutzername|nome de usuário|nombre de usuario|nom d.utilisateur|gebruikersnaam)\s*:\s+([^\n]{0,120})/i;
/** It is a sign-up mail only when it hands out a password link. */
const PASSWORD_RE = /password|passwort|senha|contraseña|mot de passe|wachtwoord/i;
const AD_IN_NAME_RE = /(?:www\.|https?:\/\/|\.(?:com|net|ru|io|xyz|top|blogspot)\b)|\b\d[\d ,.]*\s*(?:eur|euro|usd|btc|usdt|\$|€)|\b(?:binance|bitcoin|crypto|bonus|prize|casino)\b/i;

export function accountNameSpamFindings(view: TextView): Finding[] {
  const text = view.bodyRaw.slice(0, 4_000);
  const m = ACCOUNT_NAME_RE.exec(text);
  if (!m || !AD_IN_NAME_RE.test(m[1]) || !PASSWORD_RE.test(text)) return [];
  return [finding('ACCOUNT_NAME_SPAM', 1, `an advert as the account name: "${quote(m[1], 50)}"`)];
}
