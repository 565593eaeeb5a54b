import { describe, expect, it } from 'vitest';
import { mailbox } from '../../../../helpers/model-factory.ts';
import { contentFindings, contentRules, textModel } from './run-content.ts';

describe('content detector: credential and account lures', () => {
  it('fires on a verify-your-account lure and quotes the phrase', () => {
    const msg = textModel('Action required', 'We noticed unusual sign-in activity. Please verify your account within 24 hours or it will be suspended.');
    const findings = contentFindings(msg);
    const lure = findings.find((f) => f.rule === 'CREDENTIAL_LURE');
    expect(lure?.evidence).toContain('verify your account');
    expect(lure?.confidence).toBeGreaterThan(0.55);
    expect(findings.map((f) => f.rule)).toContain('URGENCY_LANGUAGE');
  });

  it('does not fire on a bank newsletter that warns it will never ask to verify your account', () => {
    const msg = textModel('Your monthly statement is ready', 'Your statement is available in online banking. Remember: we will never ask you to verify your account by email.');
    expect(contentRules(msg)).not.toContain('CREDENTIAL_LURE');
  });

  it('fires on mailbox quota, password expiry, shared-document and voicemail lures', () => {
    expect(contentRules(textModel('Mailbox full', 'Your mailbox is full. Sign in to keep receiving mail.'))).toContain('CREDENTIAL_LURE');
    expect(contentRules(textModel('Notice', 'Your password expires today, keep your current password here.'))).toContain('CREDENTIAL_LURE');
    expect(contentRules(textModel('Document', 'Anna shared a document with you: Q3 payroll.pdf'))).toContain('CREDENTIAL_LURE');
    expect(contentRules(textModel('Voicemail', 'You have a new voicemail (0:42). Listen now.'))).toContain('CREDENTIAL_LURE');
  });

  it('sees through look-alike letters, mathematical bold and zero-width splits', () => {
    expect(contentRules(textModel('Nоtice', 'Plеasе vеrify yоur аccоunt nоw'))).toContain('CREDENTIAL_LURE');
    expect(contentRules(textModel('𝐕𝐞𝐫𝐢𝐟𝐲 𝐲𝐨𝐮𝐫 𝐚𝐜𝐜𝐨𝐮𝐧𝐭', 'Click below.'))).toContain('CREDENTIAL_LURE');
    expect(contentRules(textModel('Notice', 'Please ve\u200Brify your acc\u200Bount'))).toContain('CREDENTIAL_LURE');
  });

  it('fires on lures written in German, Portuguese, Dutch, French and Spanish', () => {
    expect(contentRules(textModel('Sicherheit', 'Bitte bestätigen Sie Ihre Identität, Ihr Konto wurde gesperrt.'))).toEqual(expect.arrayContaining(['CREDENTIAL_LURE', 'ACCOUNT_THREAT']));
    expect(contentRules(textModel('Aviso', 'Sua conta foi bloqueada. Atualize seus dados para desbloquear sua conta.'))).toEqual(expect.arrayContaining(['CREDENTIAL_LURE', 'ACCOUNT_THREAT']));
    expect(contentRules(textModel('Let op', 'Bevestig uw gegevens om uw account te behouden.'))).toContain('CREDENTIAL_LURE');
    expect(contentRules(textModel('Alerte', 'Votre compte a été suspendu. Vérifiez vos informations.'))).toEqual(expect.arrayContaining(['CREDENTIAL_LURE', 'ACCOUNT_THREAT']));
    expect(contentRules(textModel('Aviso', 'Su cuenta ha sido suspendida, verifique su identidad.'))).toEqual(expect.arrayContaining(['CREDENTIAL_LURE', 'ACCOUNT_THREAT']));
  });

  it('fires on wallet, delivery and government lures but not on a real shipping notice', () => {
    expect(contentRules(textModel('Ledger', 'Enter your recovery phrase to verify your wallet.'))).toContain('WALLET_LURE');
    expect(contentRules(textModel('Parcel', 'Your parcel is on hold: the customs fee is unpaid. Reschedule your delivery.'))).toContain('DELIVERY_LURE');
    expect(contentRules(textModel('Receita', 'Seu CPF está irregular. Regularize agora.'))).toContain('GOVERNMENT_LURE');
    expect(contentRules(textModel('Intimação', 'Intimação para comparecimento em audiência, processo investigatório nº 123.'))).toContain('GOVERNMENT_LURE');
    const shipping = textModel('Your order has shipped', 'Your order #1234 has shipped and will arrive Tuesday. Track it in your account.');
    expect(contentRules(shipping)).not.toContain('DELIVERY_LURE');
  });

  it('counts a generic greeting only as a weak hint', () => {
    const findings = contentFindings(textModel('Hello', 'Dear Customer, thank you for your purchase.'));
    expect(findings.map((f) => f.rule)).toEqual(['GENERIC_GREETING']);
    expect(contentRules(textModel('Hello', 'Dear Maria, thank you for your purchase.'))).toEqual([]);
  });

  it('does not fire on an ordinary note from a colleague', () => {
    const msg = textModel('Lunch', 'Hi Bob, shall we move lunch to Thursday? The account review meeting ran long.', { sender: mailbox('carol@acme.com', 'Carol') });
    expect(contentRules(msg)).toEqual([]);
  });
});
