/**
 * MailWarden's local NLU stand-in for `ml.nlu_classifier` on written examples: each lure kind gets its intent
 * with a confident band, and ordinary mail (a newsletter, a receipt, a colleague's note) stays benign.
 */
import { describe, expect, it } from 'vitest';
import { classifyText, type NluResult } from '../../../../src/engine/rules/functions/ml-nlu-classify.ts';
import { makeModel } from '../../../helpers/model-factory.ts';
import { evalMql } from './eval-helper.ts';

const CRED_THEFT = `Dear user,

We detected unusual sign-in activity on your Microsoft 365 account. Your mailbox will be suspended within 24 hours
unless you verify your account. Click here to verify your account and keep your current password.

IT Helpdesk`;

const BEC = `Hi Mark,

Are you available? I need you to process a wire transfer for a vendor today, it is urgent. Our bank details have
changed, use the new banking information attached. I'm in a meeting and can't talk, reply asap.

Thanks,
David Miller`;

const CALLBACK = `Thank you for your purchase. Your Norton 360 subscription has been renewed and $399.99 has been charged to
your account. Order ID: 88231-AX. If you did not authorize this transaction, call our billing department at
+1 (808) 555-0147 to cancel and request a refund.`;

const NEWSLETTER = `This week in gardening: our weekly newsletter. Top stories: planting tulips in autumn, the best compost
for clay soil, and a reader's balcony garden. Read more on our website. You are receiving this newsletter because
you subscribed. Unsubscribe or manage your preferences at any time.`;

const RECEIPT = `Thanks for your order! Order number 10293. 1 x Blue ceramic mug, subtotal 12.00, shipping 3.50, total 15.50.
We'll email you a tracking number when your package ships.`;

const COLLEAGUE = `Hi Sam, the slides for Thursday look good. I moved the budget chart to the end and fixed two typos.
See you at lunch. Anna`;

const intent = (r: NluResult | null) => r?.intents[0];

describe('local NLU stand-in: intents', () => {
  it('reads a credential-theft lure as cred_theft, high', () => {
    expect(intent(classifyText(CRED_THEFT))).toEqual({ name: 'cred_theft', confidence: 'high' });
  });

  it('reads a BEC wire request as bec, high, and a CEO asking for W-2s as bec', () => {
    expect(intent(classifyText(BEC))).toEqual({ name: 'bec', confidence: 'high' });
    expect(intent(classifyText('Hi Ian, do you have a moment? I need your help. Can you send me the W2s for our team?\n\n-Josh, CEO'))?.name).toBe('bec');
  });

  it('reads a callback scam as callback_scam, high', () => {
    expect(intent(classifyText(CALLBACK))).toEqual({ name: 'callback_scam', confidence: 'high' });
  });

  it('keeps a newsletter, a receipt and a colleague note benign, and names the newsletter topic', () => {
    for (const text of [NEWSLETTER, RECEIPT, COLLEAGUE]) {
      const r = classifyText(text)!;
      expect(r.intents).toEqual([{ name: 'benign', confidence: 'high' }]);
    }
    expect(classifyText(NEWSLETTER)!.topics[0]).toMatchObject({ name: 'Newsletters and Digests' });
    expect(classifyText(RECEIPT)!.topics.map((t) => t.name)).toContain('Order Confirmations');
  });

  it('reads the common Portuguese and French lure words too', () => {
    const pt = 'Prezado cliente, sua conta foi bloqueada. Clique aqui e atualize seus dados em 24 horas.';
    expect(intent(classifyText(pt))?.name).toBe('cred_theft');
    expect(classifyText(pt)!.language).toBe('portuguese');
    expect(classifyText('Bonjour, votre compte est suspendu. Cliquez ici pour vérifier vos informations dans les 48 heures.')!.language).toBe('french');
  });
});

describe('local NLU stand-in: bounded work', () => {
  it('reads only the head of a huge text (and its tail for the signature): a lure past the bound is not seen', () => {
    const filler = 'lorem ipsum dolor sit amet. '.repeat(2000);
    expect(intent(classifyText(`${CRED_THEFT}\n${filler}`))).toEqual({ name: 'cred_theft', confidence: 'high' });
    expect(intent(classifyText(`${filler}\n${CRED_THEFT}`))?.name).toBe('benign');
    const signed = classifyText(`${filler}\n\nBest regards,\nDavid Miller`)!;
    expect(signed.entities.filter((e) => e.name === 'sender').map((e) => e.text)).toEqual(['David Miller']);
    // Entity lists are capped per name, however often a word repeats.
    expect(classifyText('urgent now, urgently, asap! '.repeat(5000))!.entities.filter((e) => e.name === 'urgency').length).toBeLessThanOrEqual(8);
  });
});

describe('local NLU stand-in: entities, tags, language', () => {
  it('finds request, urgency and financial spans, and the salutation, recipient and sender of a BEC', () => {
    const r = classifyText(BEC)!;
    const of = (name: string) => r.entities.filter((e) => e.name === name).map((e) => e.text);
    expect(of('request').length).toBeGreaterThan(0);
    expect(of('urgency').map((t) => t.toLowerCase())).toEqual(expect.arrayContaining(['urgent', 'today', 'asap']));
    expect(of('financial').map((t) => t.toLowerCase())).toEqual(expect.arrayContaining(['wire transfer']));
    expect(of('salutation')).toEqual(['Hi Mark']);
    expect(of('recipient')).toEqual(['Mark']);
    expect(of('sender')).toEqual(['David Miller']);
    expect(r.language).toBe('english');
  });

  it('names brands as org entities and tags invoices', () => {
    const r = classifyText('Your DocuSign envelope from Acme Holdings Inc. contains invoice #4471. Invoice number 4471, invoice amount $2,300 due now.')!;
    expect(r.entities.filter((e) => e.name === 'org').map((e) => e.text)).toEqual(expect.arrayContaining(['DocuSign', 'Acme Holdings Inc.']));
    expect(r.tags[0]).toMatchObject({ name: 'invoice' });
    expect(r.tags[0]!.confidence).not.toBe('low');
  });
});

describe('ml.nlu_classifier in MQL: null semantics', () => {
  it('is null for a missing or blank text, so every condition over it is false', () => {
    expect(classifyText('   \n ')).toBeNull();
    const blank = makeModel({ body: { current_thread: { text: '  ', links: [] } } });
    expect(evalMql('ml.nlu_classifier(body.current_thread.text)', { model: blank })).toBeNull();
    expect(evalMql('ml.nlu_classifier(body.html.display_text)')).toBeNull();
    expect(evalMql('any(ml.nlu_classifier(body.current_thread.text).intents, .name == "benign")', { model: blank })).toBe(false);
    expect(evalMql('ml.nlu_classifier(body.current_thread.text).language == "english"', { model: blank })).toBe(false);
  });

  it('answers the shapes the rules read: intents, entities, topics, tags, language, beta.ml_topic', () => {
    const model = makeModel({ body: { current_thread: { text: CRED_THEFT, links: [] } } });
    expect(evalMql('any(ml.nlu_classifier(body.current_thread.text).intents, .name == "cred_theft" and .confidence == "high")', { model })).toBe(true);
    expect(evalMql('any(ml.nlu_classifier(body.current_thread.text).entities, .name == "urgency")', { model })).toBe(true);
    expect(evalMql('any(beta.ml_topic(body.current_thread.text).topics, .name == "Security and Authentication")', { model })).toBe(true);
    expect(evalMql('ml.nlu_classifier(body.current_thread.text).language', { model })).toBe('english');
    // subject= is read with the text: the subject alone can carry the invoice.
    const bare = makeModel({ body: { current_thread: { text: 'Please see attached.', links: [] } } });
    expect(evalMql('any(ml.nlu_classifier(body.current_thread.text, subject="Invoice #991 - invoice due").tags, .name == "invoice")', { model: bare })).toBe(true);
    expect(evalMql('any(ml.nlu_classifier(body.current_thread.text).tags, .name == "invoice")', { model: bare })).toBe(false);
  });
});
