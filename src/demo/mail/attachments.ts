import * as CFB from 'cfb';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

/** The EICAR anti-malware test string: harmless by design, detected by every scanner. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

async function zip(entries: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const z = new JSZip();
  for (const [name, content] of Object.entries(entries)) z.file(name, content);
  return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

export function eicarZip(): Promise<Uint8Array> {
  return zip({ 'invoice.com': EICAR, 'readme.txt': 'Run invoice.com to view your invoice.' });
}

/** MS-OVBA compressed container made of literal tokens only: valid and simple to write. */
function ovbaLiterals(source: string): Uint8Array {
  const src = Buffer.from(source, 'latin1');
  const out: number[] = [0x01];
  for (let c = 0; c < src.length; c += 4096) {
    const chunk = src.subarray(c, c + 4096);
    const body: number[] = [];
    for (let i = 0; i < chunk.length; i += 8) body.push(0x00, ...chunk.subarray(i, i + 8));
    const header = 0xb000 | (body.length + 2 - 3);
    out.push(header & 0xff, header >> 8, ...body);
  }
  return Uint8Array.from(out);
}

const MACRO = 'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n  Shell "powershell -w hidden -enc SQBFAFgA", vbHide\r\nEnd Sub\r\n';

/** A .docm whose vbaProject.bin holds an AutoOpen macro that shells out. */
export function macroDocm(): Promise<Uint8Array> {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/VBA/dir', Buffer.from([0x01, 0x10, 0xb0, 0x00]));
  CFB.utils.cfb_add(cfb, '/VBA/_VBA_PROJECT', Buffer.from([0xcc, 0x61, 0xff, 0xff, 0x00, 0x00, 0x00]));
  CFB.utils.cfb_add(cfb, '/VBA/ThisDocument', Buffer.concat([Buffer.alloc(64, 0xff), Buffer.from(ovbaLiterals(MACRO))]));
  CFB.utils.cfb_add(cfb, '/PROJECT', Buffer.from('ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisDocument/&H00000000\r\n'));
  const types = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>';
  const rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
  const doc = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>This document is protected. Enable content to view it.</w:t></w:r></w:p></w:body></w:document>';
  return zip({ '[Content_Types].xml': types, '_rels/.rels': rels, 'word/document.xml': doc, 'word/vbaProject.bin': new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer) });
}

/**
 * A QR code PNG. `qrcode` is a development dependency (the demo runs from a full `npm ci`); it is loaded lazily
 * so nothing else in the service needs it.
 */
export async function qrPng(text: string): Promise<Uint8Array> {
  const { default: QRCode } = await import('qrcode');
  const png = await QRCode.toBuffer(text, { type: 'png', width: 300, margin: 4 });
  PNG.sync.read(png); // fail here, not in the scanner, if the encoder ever produced something unreadable
  return new Uint8Array(png);
}
