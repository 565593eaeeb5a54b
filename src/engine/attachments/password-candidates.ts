/**
 * Passwords a message gives for its attachments: "Password: 7781", "the password is Inv2024",
 * "Senha de acesso ao PDF: 123". At most a few candidates, in the order written.
 */

const WORD = String.raw`(?:password|passwort|kennwort|passcode|pass ?code|pwd|pw|code|c[oó]digo|clave|contrase(?:ñ|n)a|mot de passe|senha|wachtwoord|parola|has(?:ł|l)o|пароль|密码|パスワード)`;
const TOKEN = String.raw`["'“«]?([^\s"'”»<>]{3,40})`;
/** "Password: x", "Senha de acesso ao PDF: x" — a few words may sit between the keyword and the colon. */
const WITH_COLON = new RegExp(String.raw`\b${WORD}\b[^\n:=."'“”/]{0,30}?:\s*${TOKEN}`, 'giu');
/** "the password is x", "das Passwort ist x", "le mot de passe est x", "a senha é x". */
const WITH_VERB = new RegExp(String.raw`\b${WORD}\s+(?:is|ist|est|es|é|e)\s+${TOKEN}`, 'giu');

const NOT_A_PASSWORD = /^(reset|protected|expired?|expires|change|for|to|of|and|the|has|will|was|policy|manager|required|below|above|attached|sent|is|de|du|der|die|https?:.*)$/i;

export function passwordCandidates(text: string, max = 5): string[] {
  const found: { at: number; token: string }[] = [];
  const sample = text.slice(0, 100_000);
  for (const re of [WITH_COLON, WITH_VERB]) {
    for (const m of sample.matchAll(re)) found.push({ at: m.index, token: m[1]!.replace(/[.,;:)]+$/, '') });
  }
  const out: string[] = [];
  for (const { token } of found.sort((a, b) => a.at - b.at)) {
    if (token.length < 3 || NOT_A_PASSWORD.test(token) || out.includes(token)) continue;
    out.push(token);
    if (out.length >= max) break;
  }
  return out;
}
