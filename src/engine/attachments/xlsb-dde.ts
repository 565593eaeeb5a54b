/**
 * DDE links in binary workbooks (.xlsb): the external-link part (`xl/externalLinks/externalLinkN.bin`) is a
 * stream of BIFF12 records, and a supporting-link record (BrtBeginSupBook) of type DDE names the server and
 * topic Excel will start (`cmd` / `/c calc.exe`), just as `ddeService`/`ddeTopic` do in an .xlsx.
 */

const BRT_BEGIN_SUP_BOOK = 0x168;
const SBT_DDE = 0x0001;
const MAX_RECORDS = 10_000;
const MAX_STRING = 4096;

/** BIFF12 record type (1-2 bytes) and size (1-4 bytes): 7 bits a byte, high bit set when another follows. */
function varint(b: Uint8Array, p: number, maxBytes: number): [number, number] | null {
  let value = 0;
  for (let i = 0; i < maxBytes; i++) {
    if (p + i >= b.length) return null;
    const c = b[p + i]!;
    value += (c & 0x7f) * 2 ** (7 * i);
    if ((c & 0x80) === 0) return [value, p + i + 1];
  }
  return null;
}

/** XLWideString: a 32-bit count of UTF-16 characters, then the characters. */
function wideString(b: Uint8Array, p: number, end: number): [string, number] | null {
  if (p + 4 > end) return null;
  const count = new DataView(b.buffer, b.byteOffset + p, 4).getUint32(0, true);
  if (count > MAX_STRING || p + 4 + count * 2 > end) return null;
  return [Buffer.from(b.buffer, b.byteOffset + p + 4, count * 2).toString('utf16le'), p + 4 + count * 2];
}

/** DDE links of one external-link part, as `service|topic` like the XML finder reports them. */
export function findXlsbDde(b: Uint8Array): string[] {
  const found: string[] = [];
  let p = 0;
  for (let n = 0; n < MAX_RECORDS && p < b.length; n++) {
    const type = varint(b, p, 2);
    if (!type) break;
    const size = varint(b, type[1], 4);
    if (!size) break;
    const start = size[1];
    const end = start + size[0];
    if (end > b.length) break;
    if (type[0] === BRT_BEGIN_SUP_BOOK && end - start >= 2 && (b[start]! | (b[start + 1]! << 8)) === SBT_DDE) {
      const service = wideString(b, start + 2, end);
      const topic = service ? wideString(b, service[1], end) : null;
      if (service) found.push(`${service[0]}|${topic?.[0] ?? ''}`);
    }
    p = end;
  }
  return found;
}
