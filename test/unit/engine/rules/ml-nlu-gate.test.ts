/**
 * The NLU stand-in's literal gate (ml-nlu-gate.ts) skips a phrase pattern only when it cannot match. Checked two
 * ways on texts written here: every intent and topic cue, gated, against the bare RegExp on each text; and the
 * whole classification with the gate on against the gate off (every pattern run), which must be deep-equal.
 * The texts include case-folding oddities (σ/ς, the Kelvin sign, ſ, dotted İ) and scripts other than Latin.
 */
import { describe, expect, it } from 'vitest';
import { classifyText } from '../../../../src/engine/rules/functions/ml-nlu-classify.ts';
import { gated, nluGating, TextLiterals } from '../../../../src/engine/rules/functions/ml-nlu-gate.ts';
import { INTENTS } from '../../../../src/engine/rules/functions/ml-nlu-intents.ts';
import { detectLanguage } from '../../../../src/engine/rules/functions/ml-nlu-language.ts';
import { TOPICS } from '../../../../src/engine/rules/functions/ml-nlu-topics.ts';
import { requiredLiterals } from '../../../../src/engine/rules/regex-literal.ts';

const TEXTS = [
  `Dear user, we detected unusual sign-in activity on your Microsoft 365 account. Your mailbox will be suspended
within 24 hours unless you verify your account. Click here to verify your account and keep your current password.`,
  `Hi Mark, are you available? I need you to process a wire transfer for a vendor today, it is urgent. Our bank
details have changed. Reply asap. Thanks, David Miller`,
  `Thank you for your purchase. Your Norton 360 subscription has been renewed and $399.99 has been charged to your
account. If you did not authorize this transaction, call +1 (808) 555-0147 to cancel and request a refund.`,
  'This week in gardening: our weekly newsletter. Top stories. Read more. Unsubscribe or manage your preferences.',
  'Please find the attached INVOICE No. 4471 and the Purchase Order, payment due by end of day. Regards, Acme Ltd.',
  'You have 3 pending messages held in quarantine. Release them at the secure portal. Your password expires today.',
  'Kindly send your résumé. Job offer: work from home, earn $500 per week, no experience needed. Text me on WhatsApp.',
  'I recorded you through your webcam. Pay 1200 USD in bitcoin to the wallet address below within 48 hours.',
  'Votre compte a été suspendu. Veuillez confirmer vos informations. Merci de cliquer ici. Cordialement, Le service',
  'Sehr geehrte Kundin, Ihr Konto wurde gesperrt. Bitte bestätigen Sie Ihre Daten sofort. Mit freundlichen Grüßen',
  'Estimado cliente, su cuenta está bloqueada. Por favor actualice sus datos. Gracias por su pago y su factura.',
  'Sua conta foi bloqueada. Clique aqui para regularize o seu cadastro e a sua senha. Obrigado pelo pagamento.',
  // Case-folding oddities: none of these may make the gate refuse a pattern that matches.
  'ΠΑΣΣΩΟΡΔ ς σ Σ: verify your aKKount, paſſword reset for İnvoice, ınvoice, the ſecure meſſage, KELVIN K',
  'PAYMENT ADVICE: REMITTANCE ATTACHED. WIRE TRANSFER CONFIRMATION. OUTSTANDING INVOICE OVERDUE. DOCUSIGN ENVELOPE',
  'Войдите в учетную запись, чтобы подтвердить пароль. Срочно! Ваш аккаунт будет заблокирован.',
  'アカウントが停止されました。パスワードを確認してください。こちらをクリック。',
  'مرحبا، يرجى تأكيد حسابك وكلمة المرور الخاصة بك فورا',
  'ok',
  '',
];

describe('NLU literal gate', () => {
  it('never refuses a cue that matches the text', () => {
    const cues = [...INTENTS.flatMap((i) => i.groups.flat()), ...TOPICS.flatMap((t) => t.cues)].map(([p]) => p);
    let gatedCues = 0;
    for (const p of cues) {
      const g = gated(p, 'i');
      if (g.literals) gatedCues++;
      for (const raw of TEXTS) {
        const lower = raw.toLowerCase().replace(/\s+/g, ' ');
        for (const text of [lower, raw]) {
          const index = new TextLiterals(text.toLowerCase());
          if (new RegExp(p, 'i').test(text)) expect(index.mayMatch(g), `${p} on ${text}`).toBe(true);
        }
      }
    }
    // Most cues are lexicon alternations the gate can use; if extraction broke, the gate would do nothing.
    expect(gatedCues).toBeGreaterThan(cues.length / 2);
  });

  it('refuses only what is absent, case-sensitive patterns included', () => {
    const g = gated(String.raw`\b(?:PayPal|DocuSign|Office ?365)\b`, 'g');
    expect(g.literals).toEqual(expect.arrayContaining(['PayPal', 'DocuSign', 'Office']));
    expect(new TextLiterals('your paypal account').mayMatch(g)).toBe(false);
    expect(new TextLiterals('your PayPal account').mayMatch(g)).toBe(true);
    expect(new TextLiterals('sign in to Office365 now').mayMatch(g)).toBe(true);
    // A pattern with a non-ASCII literal is never gated (σ matches ς under the i flag).
    expect(gated('σας', 'i').literals).toBeNull();
    // Wide lexicons get their literals; the shared extractor's default limit stays as it was.
    const wide = `\\b(?:${Array.from({ length: 40 }, (_, i) => `word${i}x`).join('|')})\\b`;
    expect(gated(wide, 'i').literals).toHaveLength(40);
    expect(requiredLiterals(wide)).toBeNull();
  });

  it('classifies every text the same with the gate on and off, and skips patterns when on', () => {
    const inputs: [string, string | null][] = TEXTS.flatMap((t) => [[t, null], [t, 'URGENT: Action required on your account']] as [string, string | null][]);
    // A long text: only its head and tail are read; the gate indexes what is read.
    inputs.push([`${TEXTS[0]} ${'lorem ipsum dolor '.repeat(600)} ${TEXTS[4]}`, null]);
    try {
      for (const [text, subject] of inputs) {
        nluGating.enabled = true;
        const before = nluGating.skipped;
        const fast = classifyText(text, subject);
        if (fast) expect(nluGating.skipped).toBeGreaterThan(before);
        nluGating.enabled = false;
        const slow = classifyText(text, subject);
        expect(fast, JSON.stringify([text.slice(0, 60), subject])).toEqual(slow);
      }
    } finally {
      nluGating.enabled = true;
    }
  });

  it('detects the language of ASCII and non-ASCII texts as before', () => {
    expect(detectLanguage('please verify your account and the password for this mailbox')).toBe('english');
    expect(detectLanguage('veuillez confirmer votre compte pour que nous puissions')).toBe('french');
    expect(detectLanguage('войдите в учетную запись')).toBe('russian');
    expect(detectLanguage('アカウントが停止されました')).toBe('japanese');
    expect(detectLanguage('12345 !!! ???')).toBeNull();
    expect(detectLanguage('ok fine')).toBeNull();
  });
});
