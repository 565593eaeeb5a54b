import { describe, expect, it } from 'vitest';
import type { Thread } from '../../../../../src/core/message.ts';
import { mailbox } from '../../../../helpers/model-factory.ts';
import { contentFindings, contentRules, textModel } from './run-content.ts';

const history: Thread[] = [{ text: 'On Monday Carol wrote: can you update the figures?', links: [] }];

describe('content detector: BEC and payment fraud', () => {
  it('fires on a change of bank details', () => {
    const msg = textModel('Updated remittance', 'Please note our bank details have changed. Kindly update our remittance details and use the new bank account for all future payments.');
    const f = contentFindings(msg).find((x) => x.rule === 'PAYMENT_CHANGE');
    expect(f?.confidence).toBe(1);
  });

  it('does not fire on an internal note about the remittance spreadsheet', () => {
    const msg = textModel('RE: month end', 'Please update the remittance spreadsheet before Friday, thanks.', {
      sender: mailbox('carol@acme.com', 'Carol'),
      type: { inbound: false, outbound: false, internal: true },
      body: { previous_threads: history },
    });
    expect(contentRules(msg)).not.toContain('PAYMENT_CHANGE');
  });

  it('weighs payment-change language at half on an internal thread with history', () => {
    const external = textModel('Bank change', 'We have new bank details for the supplier.');
    const internal = textModel('RE: Bank change', 'We have new bank details for the supplier.', {
      type: { inbound: false, outbound: false, internal: true },
      body: { previous_threads: history },
    });
    const a = contentFindings(external).find((f) => f.rule === 'PAYMENT_CHANGE')!;
    const b = contentFindings(internal).find((f) => f.rule === 'PAYMENT_CHANGE')!;
    expect(b.confidence).toBeCloseTo(a.confidence / 2);
  });

  it('fires on the CEO-fraud opener, gift cards and urgent wires', () => {
    expect(contentRules(textModel('Quick one', 'Are you available? I need a favour, I am in a meeting.'))).toContain('BEC_REQUEST');
    expect(contentRules(textModel('Task', 'Please buy 5 Apple gift cards and send me the codes with a picture, scratch off the back.'))).toContain('GIFT_CARD_REQUEST');
    expect(contentRules(textModel('Payment', 'I need you to process an urgent wire transfer today.'))).toContain('WIRE_REQUEST');
    expect(contentRules(textModel('Änderung', 'Bitte beachten Sie unsere neue Bankverbindung.'))).toContain('PAYMENT_CHANGE');
  });

  it('does not fire on a colleague asking about availability for a call tomorrow, or a gift-card promotion', () => {
    expect(contentRules(textModel('Call', 'Could we talk tomorrow about the roadmap? Let me know what time suits you.'))).toEqual([]);
    expect(contentRules(textModel('Holiday offer', 'Gift cards make great presents. Visit our store.'))).not.toContain('GIFT_CARD_REQUEST');
  });

  it('fires on advance-fee fraud only when two of its phrases meet', () => {
    const fraud = textModel('Beneficiary', 'I am the lawyer of your late client. You are the next of kin to the inheritance of US$ 10.5 million.');
    expect(contentRules(fraud)).toContain('ADVANCE_FEE');
    const news = textModel('Markets', 'The company reported a loss of $12 million in the quarter.');
    expect(contentRules(news)).not.toContain('ADVANCE_FEE');
  });
});

describe('content detector: replies steered to a private address', () => {
  it('fires when the body asks for replies to another free-mail address', () => {
    const msg = textModel('Donation', 'I want to donate my fund to you. Reply me at Email: benedito.j@gmail.com for details.', { sender: mailbox('catherine@gmail.com') });
    const f = contentFindings(msg).find((x) => x.rule === 'REPLY_TO_OTHER_FREEMAIL');
    expect(f?.evidence).toContain('gmail.com');
  });

  it('does not fire when people give their own or a company address', () => {
    const own = textModel('Meetup', 'Write to me at catherine@gmail.com if you come.', { sender: mailbox('catherine@gmail.com') });
    expect(contentRules(own)).not.toContain('REPLY_TO_OTHER_FREEMAIL');
    const company = textModel('Support', 'Contact us at support@vendor.example for help.', { sender: mailbox('news@vendor.example') });
    expect(contentRules(company)).not.toContain('REPLY_TO_OTHER_FREEMAIL');
  });
});
