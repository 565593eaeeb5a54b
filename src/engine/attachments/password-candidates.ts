/**
 * Passwords a message gives for its attachments: "Password: 7781", "the code is Inv2024", or a lone short
 * token on its own line right after such a phrase. At most a few candidates, in the order written.
 */

const PHRASE = /\b(?:password|passwort|kennwort|passcode|pass ?code|pwd|pw|code|contrase(?:ñ|n)a|mot de passe|senha|wachtwoord|parola|has(?:ł|l)o|пароль|密码|パスワード)\b\s*(?:is|ist|est|es|:|=|-|–|—|\()?\s*(?:is\s*)?[:"'“«]?\s*([^\s"'”»<>]{3,40})/giu;

const NOT_A_PASSWORD = /^(reset|protected|expired?|expires|change|for|to|of|and|the|has|will|was|policy|manager|required|below|above|attached|sent|is|de|du|der|die)$/i;

export function passwordCandidates(text: string, max = 5): string[] {
  const out: string[] = [];
  for (const m of text.slice(0, 100_000).matchAll(PHRASE)) {
    const token = m[1]!.replace(/[.,;:)]+$/, '');
    if (token.length < 3 || NOT_A_PASSWORD.test(token) || out.includes(token)) continue;
    out.push(token);
    if (out.length >= max) break;
  }
  return out;
}
