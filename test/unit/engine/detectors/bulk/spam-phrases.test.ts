import { describe, expect, it } from 'vitest';
import { fields, makeModel } from '../../../../helpers/model-factory.ts';
import { textModel } from '../content/run-content.ts';
import { bulkFindings, bulkRules } from './run-bulk.ts';

describe('bulk detector: spam vocabulary', () => {
  it('fires on casino spam in German and English, with confidence growing with distinct phrases', () => {
    const de = bulkFindings(textModel('Willkommensbonus', '400 Freispiele bei der Registrierung, keine Einzahlung erforderlich! Casino Bonus jetzt sichern.'));
    expect(de.find((f) => f.rule === 'SPAM_CASINO')?.confidence).toBe(1);
    const en = bulkFindings(textModel('Hi', 'Claim 100 free spins tonight.'));
    expect(en.find((f) => f.rule === 'SPAM_CASINO')?.confidence).toBe(0.65);
    const news = bulkFindings(textModel('Travel', 'The hotel has a casino next to the pool.'));
    expect(news.find((f) => f.rule === 'SPAM_CASINO')?.confidence).toBe(0.3);
  });

  it('fires on prize, pharma, adult, finance, SEO and crypto-promo spam', () => {
    expect(bulkRules(textModel('Congratulations', 'Congratulations, you have been selected! Claim your reward now.'))).toContain('SPAM_PRIZE');
    expect(bulkRules(textModel('Meds', 'Cheap viagra and cialis, no prescription needed.'))).toContain('SPAM_PHARMA');
    expect(bulkRules(textModel('Hi', 'Hot singles near you, sexy and horny.'))).toContain('SPAM_ADULT');
    expect(bulkRules(textModel('Loans', 'Personal loans from $100, pre-approved, bad credit OK.'))).toContain('SPAM_FINANCE');
    expect(bulkRules(textModel('Website', 'Our SEO services put you on the first page of Google.'))).toContain('SPAM_SEO');
    expect(bulkRules(textModel('Airdrop', 'The airdrop is live: claim your tokens before Friday.'))).toContain('SPAM_CRYPTO_PROMO');
    expect(bulkRules(textModel('Gewinnspiel', 'Wir gratulieren! Nehmen Sie am Gewinnspiel teil.'))).toContain('SPAM_PRIZE');
  });

  it('counts everyday words of a trade at half a point, so a news digest mentioning sex or a giveaway stays quiet', () => {
    const digest = bulkFindings(textModel('Weekly news', 'The senate debated the sex education bill; a local shop held a giveaway.'));
    expect(digest.filter((f) => f.rule.startsWith('SPAM_')).every((f) => f.confidence <= 0.3)).toBe(true);
  });

  it('reports unsubscribe wording without a List-Unsubscribe header, and not when the header is there', () => {
    expect(bulkRules(textModel('Offer', 'To unsubscribe click here.'))).toContain('UNSUBSCRIBE_TEXT_NO_HEADER');
    const withHeader = textModel('Offer', 'To unsubscribe click here.', {
      headers: { fields: fields([['From', 'a@b.example'], ['List-Unsubscribe', '<https://b.example/u>']]) },
    });
    expect(bulkRules(withHeader)).not.toContain('UNSUBSCRIBE_TEXT_NO_HEADER');
  });

  it('reports List-Unsubscribe only beside other spam traits', () => {
    const listHeader = { headers: { fields: fields([['From', 'news@shop.example'], ['List-Unsubscribe', '<https://shop.example/u>']]) } };
    const newsletter = textModel('Our March newsletter', 'Read about our new store opening.', listHeader);
    expect(bulkRules(newsletter)).toEqual([]);
    const spammy = textModel('FREE SPINS WAITING FOR YOU NOW', 'Free spins at the casino, no deposit!', listHeader);
    expect(bulkRules(spammy)).toContain('BULK_LIST_UNSUBSCRIBE');
  });

  it('does not fire on an ordinary personal message', () => {
    expect(bulkRules(makeModel())).toEqual([]);
  });
});
