import { describe, expect, it } from 'vitest';
import { generateDlpCorpus } from '../../../../scripts/dlp-corpus.ts';
import { dlpDetector } from '../../../../src/engine/detectors/dlp/index.ts';
import { DLP_RULES } from '../../../../src/engine/detectors/dlp/rules.ts';
import { createScanEngine } from '../../../../src/engine/scan-message.ts';

/**
 * The figure the README quotes (`npx tsx scripts/dlp-eval.ts --count 500 --seed 8`), held as a test: on the
 * generated set of 500 outbound messages every built-in detector keeps its precision and recall, each is
 * measured on enough positives to mean something, the values sit in the body and in CSV, PDF, Word and zip
 * attachments, and no finding carries a planted value unmasked.
 */
describe('DLP precision and recall per detector on 500 generated outbound messages', () => {
  it('every detector finds what was planted and fires on none of the look-alikes', async () => {
    const engine = createScanEngine({ detectors: [dlpDetector], lists: { get: () => new Set<string>(), has: () => false } });
    const stats = new Map(Object.keys(DLP_RULES).map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
    const leaked: string[] = [];
    const carriers = new Map<string, number>();
    for (const s of generateDlpCorpus(500, 8)) {
      carriers.set(s.carrier, (carriers.get(s.carrier) ?? 0) + 1);
      const found = (await engine.scan({ raw: s.raw, direction: 'outbound' })).verdict.findings.filter((f) => f.category === 'dlp');
      const fired = new Set(found.map((f) => f.rule));
      const evidence = JSON.stringify(found);
      for (const v of s.planted) if (evidence.includes(v)) leaked.push(`${s.id}: ${v.slice(0, 4)}…`);
      for (const [rule, st] of stats) {
        const want = s.expected.includes(rule);
        if (want && fired.has(rule)) st.tp++;
        else if (fired.has(rule)) st.fp++;
        else if (want) st.fn++;
      }
    }
    expect(leaked).toEqual([]);
    // values and look-alikes sit in the body and in every kind of attachment the extraction reads
    for (const c of ['body', 'csv', 'pdf', 'docx', 'zip']) expect(carriers.get(c) ?? 0, c).toBeGreaterThanOrEqual(20);
    const table = Object.fromEntries([...stats].filter(([, st]) => st.tp + st.fp + st.fn > 0).map(([rule, st]) => [rule, { ...st, precision: st.tp / (st.tp + st.fp), recall: st.tp / (st.tp + st.fn) }]));
    // the generator plants every built-in kind
    expect(Object.keys(table).sort()).toEqual(['DLP_ACCESS_TOKEN', 'DLP_AWS_ACCESS_KEY', 'DLP_AWS_SECRET_KEY', 'DLP_CONNECTION_STRING', 'DLP_IBAN', 'DLP_JWT', 'DLP_PAYMENT_CARD', 'DLP_PRIVATE_KEY', 'DLP_UK_NINO', 'DLP_US_SSN']);
    for (const [rule, t] of Object.entries(table)) {
      expect(t.tp + t.fn, `${rule} positives`).toBeGreaterThanOrEqual(20);
      expect(t.precision, `${rule} precision ${JSON.stringify(t)}`).toBeGreaterThanOrEqual(0.99);
      expect(t.recall, `${rule} recall ${JSON.stringify(t)}`).toBeGreaterThanOrEqual(0.99);
    }
  }, 120_000);
});
