/**
 * "The password is 1234": senders of encrypted malware must give the victim the password, and they do it in
 * the message itself. We report the phrase (with the password masked) so the analyst sees why.
 */

const PHRASE = /\b(password|passwort|kennwort|passcode|pass ?code|pwd|pw|contrase(?:ñ|n)a|mot de passe|senha|wachtwoord|parola|has(?:ł|l)o|пароль|密码|パスワード)\b\s*(?:is|ist|est|es|:|=|-|–|—|\()?\s*[:"'“«]?\s*([^\s"'”»<>]{3,40})/iu;

/** The phrase that gives a password, with the password masked; null when the text gives none. */
export function passwordInText(text: string): string | null {
  const m = PHRASE.exec(text);
  if (!m) return null;
  const word = m[1]!;
  const secret = m[2]!;
  // "password reset", "password protected" describe, they do not give.
  if (/^(reset|protected|expired?|expires|change|for|to|of|and|the|has|will|was|policy|manager|required)$/i.test(secret)) return null;
  return `${word} ${secret[0]}${'*'.repeat(Math.min(8, secret.length - 1))}`;
}
