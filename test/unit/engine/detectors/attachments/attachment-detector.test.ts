import { describe, expect, it } from 'vitest';
import { attachmentDetector } from '../../../../../src/engine/detectors/attachments/attachment-detector.ts';
import { passwordInText } from '../../../../../src/engine/detectors/attachments/password-in-body.ts';
import { analyzeAttachments } from '../../../../../src/engine/attachments/analyze-attachments.ts';
import { createScanEngine } from '../../../../../src/engine/scan-message.ts';
import { DEFAULT_LIMITS } from '../../../../../src/engine/limits.ts';
import type { Attachment, MessageModel } from '../../../../../src/core/message.ts';
import type { Finding } from '../../../../../src/core/verdict.ts';
import { makeContext } from '../../../../helpers/detector-context.ts';
import { encryptStandard, xlsm } from '../../attachments/fixtures/build-office-encryption.ts';
import { listSource } from '../../../../helpers/list-source.ts';
import { buildEml } from '../../../../helpers/build-eml.ts';
import { attachment, docx, EICAR, encryptedZip, modelWith, nestedZip, qrPng, textPdf, withEncryptedFlag, zip } from '../../attachments/fixtures/build-files.ts';

async function findings(attachments: Attachment[], text?: string, lists: Record<string, string[]> = {}): Promise<Finding[]> {
  const model: MessageModel = modelWith(attachments, text);
  await analyzeAttachments(model, DEFAULT_LIMITS);
  return attachmentDetector.detect(model, makeContext({ lists: listSource(lists) })) as Finding[];
}
const rules = (fs: Finding[]): string[] => fs.map((f) => f.rule).sort();

const MACRO = 'Attribute VB_Name = "ThisDocument"\r\nSub Document_Open()\r\nCreateObject("WScript.Shell").Run "calc"\r\nEnd Sub\r\n';

describe('attachment detector', () => {
  it('reports a macro document inside a zip, with the path as evidence', async () => {
    const fs = await findings([attachment('invoice.zip', await zip({ 'invoice.docm': await docx({ macro: MACRO }) }))]);
    expect(rules(fs)).toEqual(['MACRO_AUTO_EXEC', 'MACRO_DOCUMENT', 'MACRO_ENABLED_TYPE']);
    expect(fs.find((f) => f.rule === 'MACRO_DOCUMENT')!.evidence).toContain('invoice.zip > invoice.docm');
  });

  it('reports nothing for a clean docx, a text PDF and a plain zip', async () => {
    const fs = await findings([
      attachment('report.docx', await docx()),
      attachment('minutes.pdf', textPdf('Minutes of the meeting held on Monday about the budget for next year and the hiring plan for the team')),
      attachment('photos.zip', await zip({ 'readme.txt': 'holiday photos' })),
    ]);
    expect(fs).toEqual([]);
  });

  it('reports an encrypted archive, and the password in the body when there is one', async () => {
    const locked = (): Promise<Attachment> => zip({ 'scan.js': 'WScript.Echo(1)' }).then((z) => attachment('scan.zip', withEncryptedFlag(z)));
    expect(rules(await findings([await locked()], 'Please find the scan attached.'))).toEqual(['ENCRYPTED_ARCHIVE']);
    const withPassword = await findings([await locked()], 'Please find the scan attached. Password: 7781');
    expect(rules(withPassword)).toEqual(['ENCRYPTED_ARCHIVE', 'ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY']);
    expect(withPassword.find((f) => f.rule === 'ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY')!.evidence).not.toContain('7781');
  });

  it('reports an Office document locked with the default password, and the macro it hid', async () => {
    const locked = attachment('budget.xlsm', encryptStandard(await xlsm(MACRO), 'VelvetSweatshop'));
    const fs = await findings([locked]);
    expect(rules(fs)).toEqual(['ENCRYPTED_DOCUMENT', 'MACRO_AUTO_EXEC', 'MACRO_DOCUMENT', 'MACRO_ENABLED_TYPE', 'OFFICE_DEFAULT_PASSWORD']);
    expect(fs.find((f) => f.rule === 'MACRO_DOCUMENT')!.evidence).toContain('budget.xlsm > budget.xlsm');
    // A document locked with a password the recipient must type is not one Excel opens by itself.
    const typed = await findings([attachment('budget.xlsm', encryptStandard(await xlsm(MACRO), 'Quartal-4'))], 'Please see the attached file.');
    expect(rules(typed)).toEqual(['ENCRYPTED_DOCUMENT']);
  });

  it('does not take "password reset" for a password', () => {
    expect(passwordInText('Your password reset link expires soon')).toBeNull();
    expect(passwordInText('the archive password is "Inv2024"')).toBe('password I******');
  });

  it('matches file hashes, nested ones included, against the bad_hashes list', async () => {
    const payload = 'a harmless stand-in for a known payload';
    const archive = attachment('files.zip', await zip({ 'x.bin': payload }));
    const model = modelWith([archive]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    const nested = model.attachments[0]!.explode![1]!.sha256;
    const hit = await findings([attachment('files.zip', await zip({ 'x.bin': payload }))], undefined, { bad_hashes: [nested.toUpperCase()] });
    expect(rules(hit)).toEqual(['KNOWN_BAD_HASH']);
    expect(await findings([attachment('files.zip', await zip({ 'y.bin': 'something else' }))], undefined, { bad_hashes: [nested] })).toEqual([]);
  });

  it('reports EICAR, nesting limits and QR-code links', async () => {
    expect(rules(await findings([attachment('eicar.txt', EICAR)]))).toEqual(['EICAR_TEST_FILE']);
    expect(rules(await findings([attachment('deep.zip', await nestedZip(10))]))).toEqual(['NESTING_LIMIT']);
    expect(rules(await findings([attachment('qr.png', await qrPng('https://evil.example/x'))]))).toEqual(['QR_CODE_LINK']);
  });

  it('weighs a web-page shortcut lower than an executable', async () => {
    const url = await findings([attachment('Article.url', '[InternetShortcut]\r\nURL=https://www.example.com/article\r\n')]);
    expect(url.find((f) => f.rule === 'DANGEROUS_FILE_TYPE')!.confidence).toBeLessThan(0.5);
    const exe = await findings([attachment('setup.exe', 'MZ\x90\x00')]);
    expect(exe.find((f) => f.rule === 'DANGEROUS_FILE_TYPE')!.confidence).toBe(1);
  });

  it('uses only rules from its own table', async () => {
    for (const rule of rules(await findings([attachment('a.pdf.exe', 'MZ\x00\x00')]))) expect(attachmentDetector.rules[rule]).toBeDefined();
  });
});

describe('scan engine end to end', () => {
  it('parses, unpacks, detects and scores a macro attachment as malware; a clean message stays clean', async () => {
    const engine = createScanEngine({ detectors: [attachmentDetector], lists: listSource() });
    const evil = buildEml({
      subject: 'Invoice 4471',
      text: 'Please review the attached invoice.',
      attachments: [{ contentType: 'application/zip', filename: 'invoice.zip', encoding: 'base64', body: await zip({ 'invoice.docm': await docx({ macro: MACRO }) }) }],
    });
    const result = await engine.scan({ raw: evil });
    expect(result.verdict.verdict).toBe('malware');
    expect(result.model.attachments[0]!.explode!.map((n) => n.file_name)).toContain('invoice.docm');

    const qr = buildEml({ text: 'Scan to re-validate your mailbox', attachments: [{ contentType: 'image/png', filename: 'code.png', encoding: 'base64', body: await qrPng('https://mailbox-verify.evil.example/') }] });
    const qrResult = await engine.scan({ raw: qr });
    expect(qrResult.model.body.links.some((l) => l.parser === 'qr' && l.href_url.domain.root_domain === 'evil.example')).toBe(true);

    const clean = buildEml({ text: 'Minutes attached.', attachments: [{ contentType: 'application/pdf', filename: 'minutes.pdf', encoding: 'base64', body: textPdf('Minutes of the meeting held on Monday about the budget for next year and the hiring plan') }] });
    const cleanResult = await engine.scan({ raw: clean });
    expect(cleanResult.verdict.findings).toEqual([]);
    expect(cleanResult.verdict.verdict).toBe('clean');
  });
});

describe('encrypted archive opened with the password in the body', () => {
  it('says it was opened, and reports what was inside', async () => {
    const fs = await findings([attachment('invoice.zip', encryptedZip({ 'Invoice.pdf.exe': 'MZ\x90\x00' }, 'Inv2024'))], 'Password: Inv2024');
    expect(rules(fs)).toEqual(['DANGEROUS_FILE_TYPE', 'DOUBLE_EXTENSION', 'ENCRYPTED_ARCHIVE', 'ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY']);
    expect(fs.find((f) => f.rule === 'ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY')!.evidence).toBe('invoice.zip: opened with the password given in the message');
  });
});
