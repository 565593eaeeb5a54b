/**
 * Opens an ECMA-376 encrypted OOXML package (an OLE container with `EncryptionInfo` and `EncryptedPackage`) with
 * Excel's built-in default password "VelvetSweatshop" — malware uses it because Excel opens such files without
 * asking — or with a password the message itself gives. The decrypted package becomes a child node, so the
 * ordinary OOXML analysis finds its macros, DDE and links. Each try is a key derivation of tens of thousands
 * of hash rounds: a few tries per document, and all of them charged to the message's budget.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { parseEncryptionInfo, type AgileEncryption, type StandardEncryption } from './office-encryption-info.ts';
import { agileKey, declaredPackageSize, decryptPackage, standardKey, STANDARD_SPIN_COUNT } from './office-crypto.ts';

export const DEFAULT_PASSWORD = 'VelvetSweatshop';
/** The default password and up to three the message gives. */
const MAX_TRIES_PER_DOCUMENT = 4;
const OOXML_NAME = /\.(docx|docm|dotx|dotm|xlsx|xlsm|xlsb|xltx|xltm|xlam|pptx|pptm|potx|potm|ppsx|ppsm|ppam)$/i;

function keyFor(encryption: StandardEncryption | AgileEncryption, password: string): Buffer | null {
  return encryption.kind === 'standard' ? standardKey(encryption, password) : agileKey(encryption, password);
}

/** The first candidate whose key passes the verifier, within the per-document and per-message allowances. */
function findKey(ctx: AnalyserContext, encryption: StandardEncryption | AgileEncryption): { password: string; key: Buffer; tries: number } | { tries: number } {
  const spins = encryption.kind === 'standard' ? STANDARD_SPIN_COUNT : encryption.password.spinCount;
  const candidates = [DEFAULT_PASSWORD, ...ctx.budget.passwords.filter((p) => p !== DEFAULT_PASSWORD)].slice(0, MAX_TRIES_PER_DOCUMENT);
  let tries = 0;
  for (const password of candidates) {
    if (!ctx.budget.hasTime()) {
      ctx.flag('time_budget');
      break;
    }
    if (!ctx.budget.takePasswordTry(spins)) {
      ctx.flag('password_limit');
      break;
    }
    tries++;
    const key = keyFor(encryption, password);
    if (key) return { password, key, tries };
  }
  return { tries };
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
  const found = findKey(ctx, encryption);
  setScan(ctx.node, 'office_encryption', { tries: found.tries });
  if (!('key' in found)) return;
  ctx.flag(found.password === DEFAULT_PASSWORD ? 'default_password' : 'password_in_body');
  setScan(ctx.node, 'office_encryption', { opened: true, password: found.password });
  if (size > ctx.budget.remainingExpandedBytes()) {
    ctx.flag('expanded_limit');
    ctx.budget.hit('expanded_bytes');
    return;
  }
  const plain = decryptPackage(encryption, found.key, pkg, size);
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
