import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../../../../src/core/message.ts';
import { contentFindings, contentRules, textModel } from './run-content.ts';

function attachment(file_name: string): Attachment {
  const ext = file_name.split('.').pop() ?? null;
  return { file_name, file_extension: ext, file_type: ext, content_type: null, content_id: null, disposition: 'attachment', size: 1000, md5: '', sha1: '', sha256: '' };
}

describe('content detector: callback, extortion and document lures', () => {
  it('fires on callback phishing: a renewal invoice and a number to call to cancel', () => {
    const msg = textModel('Invoice #88231', 'Your Geek Squad subscription has been renewed and $399.99 was charged. If you did not authorize this, call us at +1 (808) 555-0142 to cancel.');
    const f = contentFindings(msg).find((x) => x.rule === 'CALLBACK_PHISHING');
    expect(f?.confidence).toBe(1);
    expect(f?.evidence).toContain('555-0142');
  });

  it('does not fire on a real invoice that gives a phone number but asks for no call', () => {
    const msg = textModel('Invoice 2026-001', 'Please find attached invoice 2026-001 for January. Payment terms 30 days. Acme Ltd, Main Street 1, phone 212-555-0100.');
    expect(contentRules(msg)).not.toContain('CALLBACK_PHISHING');
  });

  it('fires at half confidence on a security-software renewal charge with no number in the text', () => {
    const msg = textModel('Norton antivirus no. #4611', 'Your 12 months subscription for NORTON 360 has been successfully renewed. The amount has been charged to your account. Order number #4611.');
    expect(contentFindings(msg).find((f) => f.rule === 'CALLBACK_PHISHING')?.confidence).toBe(0.5);
    const receipt = textModel('Your receipt', 'Thanks for your order. Order number #4611. Your subscription starts today.');
    expect(contentRules(receipt)).not.toContain('CALLBACK_PHISHING');
  });

  it('fires on sextortion with a bitcoin address', () => {
    const msg = textModel('Your account', 'I have hacked your device and recorded you through your webcam. Send $1200 in bitcoin to my BTC wallet 1BoatSLRHtKNngkdXEeobR76b53LETtpyT or I will send the video to all your contacts.');
    const rules = contentRules(msg);
    expect(rules).toEqual(expect.arrayContaining(['EXTORTION', 'BITCOIN_ADDRESS']));
  });

  it('does not fire on a crypto newsletter mentioning bitcoin and a webcam review', () => {
    const msg = textModel('Weekly digest', 'Bitcoin rose 4% this week. Also: our review of the best webcam for video calls.');
    expect(contentRules(msg)).not.toContain('EXTORTION');
  });

  it('fires on an invoice lure with an HTML attachment, not on a PDF invoice', () => {
    const lure = { ...textModel('Payment advice', 'Please see the attached payment advice and remittance.'), attachments: [attachment('Remittance_Advice.html')] };
    expect(contentRules(lure)).toContain('DOCUMENT_LURE_ATTACHMENT');
    const archive = { ...textModel('Files', 'See attached.'), attachments: [attachment('invoice_0423.zip')] };
    expect(contentFindings(archive).find((f) => f.rule === 'DOCUMENT_LURE_ATTACHMENT')?.confidence).toBe(0.8);
    const legit = { ...textModel('Invoice 2026-001', 'Please find attached our invoice for January.'), attachments: [attachment('invoice-2026-001.pdf')] };
    expect(contentRules(legit)).not.toContain('DOCUMENT_LURE_ATTACHMENT');
  });
});
