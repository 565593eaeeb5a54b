/**
 * Opens password-encrypted Office files with Excel's built-in default password "VelvetSweatshop" — malware uses
 * it because Excel opens such files without asking — or with a password the message itself gives: an ECMA-376
 * encrypted OOXML package (an OLE container with `EncryptionInfo` and `EncryptedPackage`), whose decrypted zip
 * becomes a child node for the ordinary OOXML analysis (macros, DDE, links), and the RC4-encrypted Workbook
 * stream of an xls, whose globals are handed back in clear to the OLE analysis. An OOXML try is a key
 * derivation of tens of thousands of hash rounds: a few tries per document, all charged to the message's budget.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { parseEncryptionInfo, type AgileEncryption, type StandardEncryption } from './office-encryption-info.ts';
import { agileKey, declaredPackageSize, decryptPackage, standardKey, STANDARD_SPIN_COUNT } from './office-crypto.ts';
import { blockKeys, decryptWorkbookGlobals, parseFilePass, verifies } from './xls-decrypt.ts';

export const DEFAULT_PASSWORD = 'VelvetSweatshop';
/** The default password and up to three the message gives. */
const MAX_TRIES_PER_DOCUMENT = 4;
/** Hash rounds of one RC4 key (two MD5s, or one SHA-1, and the block key), charged like spins. */
const XLS_KEY_HASHES = 3;
const OOXML_NAME = /\.(docx|docm|dotx|dotm|xlsx|xlsm|xlsb|xltx|xltm|xlam|pptx|pptm|potx|potm|ppsx|ppsm|ppam)$/i;

function keyFor(encryption: StandardEncryption | AgileEncryption, password: string): Buffer | null {
  return encryption.kind === 'standard' ? standardKey(encryption, password) : agileKey(encryption, password);
}

/**
 * The first candidate that `open` accepts, each try charged `cost` hash rounds to the message; the default
 * password first, then up to three the message gives.
 */
function tryPasswords<T>(ctx: AnalyserContext, cost: number, open: (password: string) => T | null): { password: string; result: T; tries: number } | { tries: number } {
  const candidates = [DEFAULT_PASSWORD, ...ctx.budget.passwords.filter((p) => p !== DEFAULT_PASSWORD)].slice(0, MAX_TRIES_PER_DOCUMENT);
  let tries = 0;
  for (const password of candidates) {
    if (!ctx.budget.hasTime()) {
      ctx.flag('time_budget');
      break;
    }
    if (!ctx.budget.takePasswordTry(cost)) {
      ctx.flag('password_limit');
      break;
    }
    tries++;
    const result = open(password);
    if (result !== null) return { password, result, tries };
  }
  return { tries };
}

/**
 * `default_password` is raised for OOXML only: Excel itself writes VelvetSweatshop into an xls whose workbook
 * structure is protected, so on xls it is common in benign legacy spreadsheets; there what the decrypted
 * globals hold (XLM macros, DDE) is what gets scored.
 */
function flagOpened(ctx: AnalyserContext, password: string, format: 'ooxml' | 'xls'): void {
  if (password !== DEFAULT_PASSWORD) ctx.flag('password_in_body');
  else if (format === 'ooxml') ctx.flag('default_password');
  setScan(ctx.node, 'office_encryption', { opened: true, password });
}

/**
 * The workbook globals of an RC4-encrypted xls in clear, or null when no candidate opens it. RC4 keys cost a
 * few MD5 or SHA-1 rounds, not a spin loop; they are charged all the same.
 */
export function openEncryptedWorkbook(ctx: AnalyserContext, stream: Uint8Array, filePass: Uint8Array): Buffer | null {
  const encryption = parseFilePass(Buffer.from(filePass.buffer, filePass.byteOffset, filePass.byteLength));
  if (encryption.kind === 'unsupported') {
    setScan(ctx.node, 'office_encryption', { method: 'unsupported', reason: encryption.reason, opened: false });
    return null;
  }
  setScan(ctx.node, 'office_encryption', { method: encryption.kind, opened: false });
  const found = tryPasswords(ctx, XLS_KEY_HASHES, (password) => {
    const keys = blockKeys(encryption, password);
    return verifies(encryption, keys(0)) ? keys : null;
  });
  setScan(ctx.node, 'office_encryption', { tries: found.tries });
  if (!('result' in found)) return null;
  flagOpened(ctx, found.password, 'xls');
  return decryptWorkbookGlobals(stream, found.result);
}

export async function openEncryptedPackage(ctx: AnalyserContext, info: Uint8Array, stream: Uint8Array): Promise<void> {
  const encryption = parseEncryptionInfo(Buffer.from(info.buffer, info.byteOffset, info.byteLength));
  if (encryption.kind === 'unsupported') {
    setScan(ctx.node, 'office_encryption', { method: 'unsupported', reason: encryption.reason, opened: false });
    return;
  }
  const agile = encryption.kind === 'agile';
  const details: Record<string, unknown> = {
    method: encryption.kind,
    cipher: `AES-${(agile ? encryption.keyData.keyBytes : encryption.keyBytes) * 8}`,
    hash: agile ? encryption.password.hash.toUpperCase() : 'SHA1',
    spin_count: agile ? encryption.password.spinCount : STANDARD_SPIN_COUNT,
    opened: false,
  };
  setScan(ctx.node, 'office_encryption', details);
  const pkg = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  const size = declaredPackageSize(pkg);
  // Standard pads to 16 bytes, agile to 16 per 4096-byte segment: the stream holds at least the package.
  if (size < 4 || size > pkg.length - 8) {
    ctx.flag('corrupt_document');
    setScan(ctx.node, 'office_encryption', { error: 'EncryptedPackage shorter than its declared size' });
    return;
  }
  const spins = encryption.kind === 'standard' ? STANDARD_SPIN_COUNT : encryption.password.spinCount;
  const found = tryPasswords(ctx, spins, (password) => keyFor(encryption, password));
  setScan(ctx.node, 'office_encryption', { tries: found.tries });
  if (!('result' in found)) return;
  flagOpened(ctx, found.password, 'ooxml');
  if (size > ctx.budget.remainingExpandedBytes()) {
    ctx.flag('expanded_limit');
    ctx.budget.hit('expanded_bytes');
    return;
  }
  const plain = decryptPackage(encryption, found.result, pkg, size);
  ctx.budget.addExpanded(plain.length);
  if (plain.readUInt32BE(0) !== 0x504b0304) {
    // The verifier accepted the password, so the package itself is damaged (or not a zip at all).
    ctx.flag('corrupt_document');
    setScan(ctx.node, 'office_encryption', { error: 'EncryptedPackage does not decrypt to a zip package' });
    return;
  }
  if (!ctx.budget.takeEntry()) {
    ctx.flag('entry_limit');
    return;
  }
  const name = ctx.node.file_name && OOXML_NAME.test(ctx.node.file_name) ? ctx.node.file_name : 'EncryptedPackage';
  await ctx.child(name, new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength));
}
