import { describe, expect, it } from 'vitest';
import { createDlpDetector, dlpDetector } from '../../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../../src/engine/scan-message.ts';

const lists = { get: () => new Set<string>(), has: () => false };
const CARD = '5555555555554444';

function eml(body: string, csv?: string): Uint8Array {
  const head = 'From: Sam <sam@acme.example>\r\nTo: pat@partner.example\r\nSubject: numbers\r\nMessage-ID: <d@acme.example>\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\n';
  if (!csv) return new TextEncoder().encode(`${head}Content-Type: text/plain\r\n\r\n${body}\r\n`);
  return new TextEncoder().encode(
    `${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${body}\r\n--b\r\nContent-Type: text/csv; name="export.csv"\r\n` +
      `Content-Disposition: attachment; filename="export.csv"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(csv).toString('base64')}\r\n--b--\r\n`,
  );
}

describe('DLP detector in the scan engine', () => {
  const engine = createScanEngine({ detectors: [dlpDetector], lists });

  it('fires on a card number in the body of outbound mail, with masked evidence', async () => {
    const { verdict } = await engine.scan({ raw: eml(`card ${CARD} thanks`), direction: 'outbound' });
    const f = verdict.findings.find((x) => x.rule === 'DLP_PAYMENT_CARD');
    expect(f?.evidence).toBe('1× mastercard card in body: ************4444');
    expect(f?.category).toBe('dlp');
    // DLP alone never turns sent mail into a threat verdict.
    expect(verdict.verdict).toBe('clean');
  });

  it('reads the text of attachments (CSV export)', async () => {
    const { verdict } = await engine.scan({ raw: eml('see attached', `name,card\nJo,${CARD}\n`), direction: 'outbound' });
    expect(verdict.findings.find((x) => x.rule === 'DLP_PAYMENT_CARD')?.evidence).toContain('attachment:export.csv');
  });

  it('does not fire on inbound mail carrying the same number, nor on an outbound order number', async () => {
    expect((await engine.scan({ raw: eml(`card ${CARD}`), direction: 'inbound' })).verdict.findings).toEqual([]);
    expect((await engine.scan({ raw: eml('order 5555555555554445'), direction: 'outbound' })).verdict.findings).toEqual([]);
  });

  it('a tenant detector adds its own patterns', async () => {
    const tenantEngine = createScanEngine({ detectors: [createDlpDetector({ wordLists: [{ id: 'f', name: 'Project Falcon', words: ['falcon'], minCount: 2 }] })], lists });
    const { verdict } = await tenantEngine.scan({ raw: eml('Falcon budget; falcon timeline'), direction: 'outbound' });
    expect(verdict.findings.map((x) => x.rule)).toEqual(['DLP_WORD_LIST']);
  });
});
