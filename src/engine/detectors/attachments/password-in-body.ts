/**
 * "The password is 1234": senders of encrypted malware must give the victim the password, and they do it in
 * the message itself. We report the phrase with the password masked, so the analyst sees why.
 */
import { passwordCandidates } from '../../attachments/password-candidates.ts';

/** The first password the text gives, masked (`password I******`); null when it gives none. */
export function passwordInText(text: string): string | null {
  const secret = passwordCandidates(text, 1)[0];
  if (!secret) return null;
  return `password ${secret[0]}${'*'.repeat(Math.min(8, secret.length - 1))}`;
}
