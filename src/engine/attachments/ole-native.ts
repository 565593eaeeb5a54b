/**
 * The `\x01Ole10Native` stream (and the native data of an RTF "Package" object): the OLE 1.0 Packager format
 * that carries an arbitrary file (often an .exe, .js or .lnk) inside a document.
 * Layout (as documented by oletools' oleobj): size u32, unknown u16, label\0, source path\0, u32, u32,
 * temp path\0, data size u32, data.
 */

export interface NativePackage {
  fileName: string | null;
  sourcePath: string | null;
  data: Uint8Array;
}

function cString(b: Uint8Array, p: number): [string, number] | null {
  const end = b.indexOf(0, p);
  if (end < 0 || end - p > 1024) return null;
  return [Buffer.from(b.subarray(p, end)).toString('latin1'), end + 1];
}

/** Parses a packager stream; `withSize` is false for RTF native data, which lacks the leading size. */
export function parseOle10Native(b: Uint8Array, withSize = true): NativePackage | null {
  try {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let p = withSize ? 4 : 0;
    p += 2;
    const label = cString(b, p);
    if (!label) return null;
    const source = cString(b, label[1]);
    if (!source) return null;
    p = source[1] + 8;
    const temp = cString(b, p);
    if (!temp) return null;
    p = temp[1];
    if (p + 4 > b.length) return null;
    const size = dv.getUint32(p, true);
    const data = b.subarray(p + 4, Math.min(b.length, p + 4 + size));
    const fileName = label[0] || source[0].split(/[\\/]/).pop() || null;
    return { fileName, sourcePath: source[0] || null, data };
  } catch {
    return null;
  }
}
