import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { findXlsbDde } from '../../../../src/engine/attachments/xlsb-dde.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../../src/engine/limits.ts';
import type { FileNode } from '../../../../src/core/message.ts';
import { attachment, cfbFile, modelWith, zip } from './fixtures/build-files.ts';

async function explode(name: string, bytes: Uint8Array | string, limits: Limits = DEFAULT_LIMITS): Promise<FileNode[]> {
  const model = modelWith([attachment(name, bytes)]);
  await analyzeAttachments(model, limits);
  return model.attachments[0]!.explode!;
}

/** A BIFF12 record: 1-2 byte type and 1-4 byte size, 7 bits a byte. */
function record(type: number, data: Buffer): Buffer {
  const varint = (v: number, max: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < max; i++) {
      const last = v < 0x80;
      out.push((v & 0x7f) | (last ? 0 : 0x80));
      v >>>= 7;
      if (last) break;
    }
    return out;
  };
  return Buffer.concat([Buffer.from([...varint(type, 2), ...varint(data.length, 4)]), data]);
}

function wide(s: string): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32LE(s.length);
  return Buffer.concat([count, Buffer.from(s, 'utf16le')]);
}

/** An external-link part with one supporting-link record of type `sbt` (1 = DDE). */
function externalLinkBin(sbt: number, service: string, topic: string): Buffer {
  const begin = record(0x168, Buffer.concat([Buffer.from([sbt, 0]), wide(service), wide(topic)]));
  return Buffer.concat([begin, record(0x169, Buffer.alloc(0))]);
}

const XLSB_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>';

describe('DDE in a binary workbook (.xlsb)', () => {
  it('finds the DDE server and topic of a supporting-link record', async () => {
    const xlsb = await zip({ '[Content_Types].xml': XLSB_TYPES, 'xl/workbook.bin': new Uint8Array(8), 'xl/externalLinks/externalLink1.bin': externalLinkBin(1, 'cmd', '/c calc.exe') });
    const [root] = await explode('report.xlsb', xlsb);
    expect(root!.flags).toContain('dde');
    expect(root!.scan.office).toMatchObject({ dde: ['cmd|/c calc.exe'] });
  });

  it('stays quiet on a link to another workbook', async () => {
    const xlsb = await zip({ '[Content_Types].xml': XLSB_TYPES, 'xl/externalLinks/externalLink1.bin': externalLinkBin(0, 'C:\\data\\budget.xlsb', '') });
    expect((await explode('report.xlsb', xlsb))[0]!.flags).not.toContain('dde');
  });

  it('stops on cut, oversized or endless records', () => {
    const part = externalLinkBin(1, 'cmd', '/c calc.exe');
    expect(findXlsbDde(part)).toEqual(['cmd|/c calc.exe']);
    expect(findXlsbDde(part.subarray(0, part.length - 3))).toEqual(['cmd|/c calc.exe']); // end record cut off
    expect(findXlsbDde(part.subarray(0, part.length - 6))).toEqual([]); // the link record itself cut
    const huge = Buffer.from(part);
    huge.writeUInt32LE(0x7fffffff, 5); // service length far past the record
    expect(findXlsbDde(huge)).toEqual([]);
    expect(findXlsbDde(Buffer.alloc(100_000, 0x80))).toEqual([]);
    expect(findXlsbDde(Buffer.concat(Array.from({ length: 20_000 }, () => record(0x01, Buffer.alloc(0)))))).toEqual([]);
  });
});

describe('OLE objects of Word 2003 XML (oledata.mso)', () => {
  const payload = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);
  const native = Buffer.concat([
    Buffer.alloc(4), Buffer.from([2, 0]), Buffer.from('setup.exe\0C:\\tmp\\setup.exe\0', 'latin1'), Buffer.alloc(8),
    Buffer.from('C:\\tmp\\setup.exe\0', 'latin1'), Buffer.from(Uint32Array.of(payload.length).buffer), payload,
  ]);
  const object = Buffer.from(cfbFile({ '/\x01Ole10Native': native }));
  const compressed = (body: Buffer, declared = body.length): Buffer => {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(declared);
    return Buffer.concat([size, deflateSync(body)]);
  };
  const wordXml = (oledata: Uint8Array): string => `<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body><w:docOleData><w:binData w:name="oledata.mso">${Buffer.from(oledata).toString('base64')}</w:binData></w:docOleData></w:body></w:wordDocument>`;

  it('inflates each object stream and unpacks its payload', async () => {
    const nodes = await explode('letter.xml', wordXml(cfbFile({ '/_1577691300': compressed(object) })));
    const oledata = nodes.find((n) => n.file_name === 'oledata.mso')!;
    expect(oledata.flags).toContain('ole_embedded_object');
    expect(nodes.find((n) => n.file_name === '_1577691300.ole')).toBeDefined();
    expect(nodes.find((n) => n.file_name === 'setup.exe')!.flags).toContain('dangerous_type');
  });

  it('holds a bomb-shaped object stream to the ratio cap and a corrupt one to a flag', async () => {
    const bomb = compressed(Buffer.alloc(50 * 1024 * 1024), 50 * 1024 * 1024);
    const nodes = await explode('letter.xml', wordXml(cfbFile({ '/_1': bomb })));
    const oledata = nodes.find((n) => n.file_name === 'oledata.mso')!;
    expect(oledata.flags).toContain('archive_bomb');
    expect((nodes[0]!.scan.work as { expandedBytes: number; limitsHit: string[] }).expandedBytes).toBeLessThan(50 * 1024 * 1024);
    expect((nodes[0]!.scan.work as { limitsHit: string[] }).limitsHit).toContain('compression_ratio');
    const cut = compressed(object).subarray(0, 40);
    expect((await explode('letter.xml', wordXml(cfbFile({ '/_2': cut })))).find((n) => n.file_name === 'oledata.mso')!.flags).toContain('corrupt_archive');
  });
});
