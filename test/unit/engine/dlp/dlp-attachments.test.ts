import { describe, expect, it } from 'vitest';
import { dlpDetector } from '../../../../src/engine/detectors/dlp/index.ts';
import { createScanEngine } from '../../../../src/engine/scan-message.ts';
import { docx, textPdf, zip } from '../attachments/fixtures/build-files.ts';

const lists = { get: () => new Set<string>(), has: () => false };
const CARD = '5555555555554444';
const IBAN = 'DE89370400440532013000';
const SSN = '536-22-8541';
const PG = 'postgres://app:s3cr3tPw@db.internal:5432/prod';

/** Outbound mail with one attachment and a body that holds nothing sensitive. */
function withAttachment(fileName: string, contentType: string, bytes: Uint8Array): Uint8Array {
  const head = 'From: Sam <sam@acme.example>\r\nTo: pat@partner.example\r\nSubject: files\r\nMessage-ID: <f@acme.example>\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\n';
  const b64 = Buffer.from(bytes).toString('base64').replace(/(.{76})/g, '$1\r\n');
  return new TextEncoder().encode(
    `${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease see the attached file.\r\n--b\r\n` +
      `Content-Type: ${contentType}; name="${fileName}"\r\nContent-Disposition: attachment; filename="${fileName}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b--\r\n`,
  );
}

describe('DLP reads the text of attachments: PDF, Office, archive members', () => {
  const engine = createScanEngine({ detectors: [dlpDetector], lists });
  const dlp = async (raw: Uint8Array) => (await engine.scan({ raw, direction: 'outbound' })).verdict.findings.filter((f) => f.category === 'dlp');

  it('a card number in a PDF statement', async () => {
    const found = await dlp(withAttachment('statement.pdf', 'application/pdf', textPdf(`Card on file ${CARD} expires 12/28`)));
    expect(found.map((f) => f.rule)).toEqual(['DLP_PAYMENT_CARD']);
    expect(found[0]!.evidence).toContain('attachment:statement.pdf');
    expect(found[0]!.evidence).toContain('4444');
  });

  it('an IBAN in a Word document', async () => {
    const doc = await docx({ body: `<w:p><w:r><w:t>Pay the supplier to IBAN ${IBAN} by Friday.</w:t></w:r></w:p>` });
    const found = await dlp(withAttachment('payment.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', doc));
    expect(found.map((f) => f.rule)).toEqual(['DLP_IBAN']);
  });

  it('an SSN and a connection string inside a zip (one of them in a nested zip)', async () => {
    const inner = await zip({ 'config/.env': `DATABASE_URL=${PG}\n` });
    const archive = await zip({ 'hr/employees.csv': `name,ssn\nJo Bloggs,${SSN}\n`, 'deploy.zip': inner });
    const found = await dlp(withAttachment('export.zip', 'application/zip', archive));
    expect(found.map((f) => f.rule).sort()).toEqual(['DLP_CONNECTION_STRING', 'DLP_US_SSN']);
  });

  it('the same files without sensitive data fire nothing; no evidence ever holds a whole value', async () => {
    expect(await dlp(withAttachment('statement.pdf', 'application/pdf', textPdf('Order 5555555555554445 shipped')))).toEqual([]);
    expect(await dlp(withAttachment('notes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await docx()))).toEqual([]);
    const all = [
      ...(await dlp(withAttachment('statement.pdf', 'application/pdf', textPdf(`Card ${CARD}`)))),
      ...(await dlp(withAttachment('export.zip', 'application/zip', await zip({ 'a.csv': `${SSN},${IBAN}\n`, 'b.txt': PG })))),
    ];
    expect(all.length).toBeGreaterThanOrEqual(3);
    const evidence = JSON.stringify(all);
    for (const v of [CARD, IBAN, SSN, '536228541', 's3cr3tPw']) expect(evidence).not.toContain(v);
  });
});
