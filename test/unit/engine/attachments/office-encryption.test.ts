import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as CFB from 'cfb';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../../src/engine/limits.ts';
import type { FileNode } from '../../../../src/core/message.ts';
import type { WorkCounters } from '../../../../src/engine/attachments/budget.ts';
import { agileSecretKey, agileVerifies, iteratedHash } from '../../../../src/engine/attachments/office-crypto.ts';
import type { AgileEncryption } from '../../../../src/engine/attachments/office-encryption-info.ts';
import { attachment, cfbFile, docx, modelWith } from './fixtures/build-files.ts';
import { encryptAgile, encryptedXls, encryptStandard, xls, xlsm } from './fixtures/build-office-encryption.ts';
import { blockKeys, parseFilePass, verifies } from '../../../../src/engine/attachments/xls-decrypt.ts';

const MACRO = 'Attribute VB_Name = "ThisWorkbook"\r\nSub Workbook_Open()\r\n  Shell "cmd /c powershell -enc SQBFAFgA"\r\nEnd Sub\r\n';
const DDE = '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"</w:instrText></w:r></w:p>';

interface Analysed { nodes: FileNode[]; root: FileNode; flags: string[]; work: WorkCounters }

async function analyseAll(files: [string, Uint8Array][], body = 'Please see the attached file.', limits: Limits = DEFAULT_LIMITS): Promise<Analysed[]> {
  const model = modelWith(files.map(([name, bytes]) => attachment(name, bytes)), body);
  await analyzeAttachments(model, limits);
  return model.attachments.map((a) => {
    const nodes = a.explode!;
    return { nodes, root: nodes[0]!, flags: [...new Set(nodes.flatMap((n) => n.flags))], work: nodes[0]!.scan.work as WorkCounters };
  });
}

async function analyse(name: string, bytes: Uint8Array, body?: string): Promise<Analysed> {
  return (await analyseAll([[name, bytes]], body))[0]!;
}

describe('encrypted OOXML', () => {
  it('opens a Standard-encrypted xlsm with the default password and finds its auto-exec macro in the child', async () => {
    const { nodes, root, flags } = await analyse('budget.xlsm', encryptStandard(await xlsm(MACRO), 'VelvetSweatshop'));
    expect(root.flags).toEqual(expect.arrayContaining(['encrypted_document', 'default_password']));
    expect(root.flags).not.toContain('password_in_body');
    expect(root.scan.office_encryption).toMatchObject({ method: 'standard', cipher: 'AES-128', hash: 'SHA1', opened: true, password: 'VelvetSweatshop', tries: 1 });
    const pkg = nodes[1]!;
    expect(pkg).toMatchObject({ file_name: 'budget.xlsm', depth: 1, parent_id: 0, scan: { type: { kind: 'zip' } } });
    expect(pkg.flags).toEqual(expect.arrayContaining(['ooxml', 'macro_enabled_type', 'vba_macro']));
    const project = nodes.find((n) => n.file_name === 'xl/vbaProject.bin')!;
    expect(project.scan.vba).toMatchObject({ auto_exec: ['Workbook_Open'] });
    expect(flags).toContain('vba_auto_exec');
  });

  it('opens an Agile-encrypted docx (SHA-512, 100,000 spins, AES-256) with the password written in the body', async () => {
    const bytes = encryptAgile(await docx({ body: DDE }), 'Inv-2024!');
    const { nodes, root, flags } = await analyse('invoice.docx', bytes, 'Your invoice is attached. The password is Inv-2024!');
    expect(root.flags).toEqual(expect.arrayContaining(['encrypted_document', 'password_in_body']));
    expect(root.flags).not.toContain('default_password');
    expect(root.scan.office_encryption).toMatchObject({ method: 'agile', cipher: 'AES-256', hash: 'SHA512', spin_count: 100_000, opened: true, password: 'Inv-2024!', tries: 2 });
    expect(nodes[1]!.flags).toEqual(expect.arrayContaining(['ooxml', 'dde']));
    expect(flags).not.toContain('analysis_error');
  });

  it('opens agile packages of several segments with other hashes and key sizes', async () => {
    const text = Array.from({ length: 400 }, (_, i) => `<w:p><w:r><w:t>Line ${i} of the quarterly report ${createHash('sha256').update(String(i)).digest('hex')}</w:t></w:r></w:p>`).join('');
    const pkg = await docx({ body: text });
    expect(pkg.length).toBeGreaterThan(3 * 4096);
    for (const options of [{ hash: 'SHA1', keyBits: 128 }, { hash: 'SHA256', keyBits: 256 }, { hash: 'SHA1', keyBits: 256 }] as const) {
      const { nodes, root } = await analyse('report.docx', encryptAgile(pkg, 'VelvetSweatshop', { ...options, spinCount: 1000 }));
      expect(root.flags).toContain('default_password');
      expect(nodes[1]!.sha256).toBe(createHash('sha256').update(pkg).digest('hex'));
      expect((nodes[1]!.scan.strings as { raw: string }).raw).toContain('Line 399 of the quarterly report');
    }
  });

  it('leaves a document with an unknown password encrypted: no child, no error, the tries counted', async () => {
    const bytes = encryptAgile(await xlsm(MACRO), 'correct horse', { spinCount: 1000 });
    const { nodes, root, work } = await analyse('report.xlsm', bytes, 'Password: 7781');
    expect(nodes).toHaveLength(1);
    expect(root.flags).toEqual(['encrypted_document']);
    expect(root.scan.office_encryption).toMatchObject({ method: 'agile', opened: false, tries: 2 });
    expect(root.scan.error).toBeUndefined();
    expect(work).toMatchObject({ passwordTries: 2, passwordHashes: 2000 });
  });

  it('tries at most four passwords on one document', async () => {
    const body = 'Password: aaa1\nPassword: bbb2\nPassword: ccc3\nPassword: ddd4\nPassword: eee5';
    const { root, work } = await analyse('report.docx', encryptAgile(await docx(), 'zzz9', { spinCount: 100 }), body);
    expect(root.scan.office_encryption).toMatchObject({ opened: false, tries: 4 });
    expect(work.passwordTries).toBe(4);
  });

  it('reports a damaged EncryptedPackage as corrupt once the password is verified, and a short one without trying', async () => {
    const good = encryptStandard(await xlsm(MACRO), 'VelvetSweatshop');
    const damaged = cfbFile({ EncryptionInfo: streamOf(good, 'EncryptionInfo'), EncryptedPackage: streamOf(good, 'EncryptedPackage').map((b, i) => (i >= 8 && i < 40 ? b ^ 0xff : b)) });
    const broken = await analyse('budget.xlsm', damaged);
    expect(broken.nodes).toHaveLength(1);
    expect(broken.root.flags).toEqual(expect.arrayContaining(['encrypted_document', 'default_password', 'corrupt_document']));
    expect(broken.root.scan.office_encryption).toMatchObject({ opened: true, error: 'EncryptedPackage does not decrypt to a zip package' });

    const short = cfbFile({ EncryptionInfo: streamOf(good, 'EncryptionInfo'), EncryptedPackage: streamOf(good, 'EncryptedPackage').subarray(0, 200) });
    const truncated = await analyse('budget.xlsm', short);
    expect(truncated.root.flags).toEqual(expect.arrayContaining(['encrypted_document', 'corrupt_document']));
    expect(truncated.work.passwordTries).toBe(0);
  });

  it('names what it cannot open: extensible encryption, non-AES ciphers, garbage', async () => {
    const cases: [Uint8Array, string][] = [
      [Uint8Array.from([4, 0, 3, 0, 0, 0, 0, 0, 1, 2, 3]), 'extensible encryption'],
      [Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from('<encryption><keyData cipherAlgorithm="RC2"/><p:encryptedKey spinCount="100000"/></encryption>')]), 'cipher or hash'],
      [Uint8Array.from([9, 9, 9]), 'truncated header'],
    ];
    for (const [info, reason] of cases) {
      const { root } = await analyse('x.docx', cfbFile({ EncryptionInfo: info, EncryptedPackage: new Uint8Array(64) }));
      expect(root.flags).toEqual(['encrypted_document']);
      expect(root.scan.office_encryption).toEqual({ method: 'unsupported', reason, opened: false });
    }
  });
});

describe('encrypted Excel 97-2003 workbooks', () => {
  const DDE_LINK = 'cmd\x03/c calc.exe';

  it('decrypts an RC4 workbook with the default password and reads its macro sheet and DDE link', async () => {
    const { root } = await analyse('prices.xls', encryptedXls('VelvetSweatshop', { macroSheet: true, ddeLink: DDE_LINK }));
    expect(root.flags).toEqual(expect.arrayContaining(['encrypted_document', 'xlm_macro', 'dde']));
    expect(root.scan.office_encryption).toEqual({ method: 'rc4', opened: true, tries: 1, password: 'VelvetSweatshop' });
    expect(root.scan.office).toEqual({ dde: ["cmd|'/c calc.exe'"] });
  });

  it('does not flag the default password on an xls: Excel writes it into benign workbooks with a protected structure', async () => {
    const { root } = await analyse('prices.xls', encryptedXls('VelvetSweatshop', {}));
    expect(root.flags).toEqual(['encrypted_document']);
    expect(root.scan.office_encryption).toMatchObject({ method: 'rc4', opened: true, password: 'VelvetSweatshop' });
  });

  it('decrypts RC4 CryptoAPI (128 and 40 bits) with the password in the body', async () => {
    for (const keyBits of [128, 40] as const) {
      const bytes = encryptedXls('Q3-figures', { method: 'cryptoapi', keyBits, macroSheet: true });
      const { root } = await analyse('q3.xls', bytes, 'Hi, the password is Q3-figures');
      expect(root.flags).toEqual(expect.arrayContaining(['encrypted_document', 'password_in_body', 'xlm_macro']));
      expect(root.scan.office_encryption).toMatchObject({ method: 'rc4_cryptoapi', opened: true, tries: 2 });
    }
  });

  it('reads nothing from the ciphertext of a workbook it cannot open', async () => {
    const { root } = await analyse('prices.xls', encryptedXls('s3cret-pw', { macroSheet: true, ddeLink: DDE_LINK }), 'Password: 7781');
    expect(root.flags).toEqual(['encrypted_document']);
    expect(root.scan.office_encryption).toEqual({ method: 'rc4', opened: false, tries: 2 });
  });

  it('finds a DDE link in a plain workbook, and takes an external workbook reference for none', async () => {
    expect((await analyse('a.xls', xls({ ddeLink: DDE_LINK }))).root.flags).toEqual(['dde']);
    expect((await analyse('b.xls', xls({ externalWorkbook: '\x01C:\x03Budget.xls', macroSheet: true }))).root.flags).toEqual(['xlm_macro']);
  });

  it('matches the published RC4 vectors', () => {
    // The doctest vectors of msoffcrypto-tool's DocumentRC4 (password "password1").
    const body = Buffer.concat([Buffer.from([1, 0, 1, 0, 1, 0]), Buffer.from('e8772c1d91c56a37964761b280183217c9e997d454973d310bb1ba701426837eb1de178f07e989c44dae5e4cf96ac407', 'hex')]);
    const info = parseFilePass(body);
    if (info.kind !== 'rc4') throw new Error(info.kind);
    expect(blockKeys(info, 'password1')(0).toString('hex')).toBe('20bf32ddf540858c513744af0f24e03c');
    expect(verifies(info, blockKeys(info, 'password1')(0))).toBe(true);
    expect(verifies(info, blockKeys(info, 'password2')(0))).toBe(false);
  });
});

describe('password tries under the message budget', () => {
  it('fifty encrypted attachments cost at most maxPasswordHashes; every one is still flagged', async () => {
    const limits = { ...DEFAULT_LIMITS, maxPasswordHashes: 50_000 };
    const bytes = encryptAgile(await xlsm(MACRO), 'VelvetSweatshop', { spinCount: 10_000 });
    const results = await analyseAll(Array.from({ length: 50 }, (_, i) => [`book-${i}.xlsm`, bytes]), 'Password: 7781', limits);
    const work = results.at(-1)!.work;
    expect(work.passwordTries).toBe(5);
    expect(work.passwordHashes).toBe(50_000);
    expect(work.limitsHit).toContain('password_hashes');
    expect(results.every((r) => r.root.flags.includes('encrypted_document'))).toBe(true);
    // The first five open with the default password (one try each) and show their macro; the rest say why not.
    expect(results.slice(0, 5).every((r) => r.flags.includes('vba_auto_exec'))).toBe(true);
    expect(results.slice(5).every((r) => r.root.flags.includes('password_limit') && r.nodes.length === 1)).toBe(true);
  });

  it('a declared spin count of ten million is not attempted under the default allowance', async () => {
    const info = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(agileInfoXml(10_000_000))]);
    const pkg = Buffer.alloc(4104);
    pkg.writeUInt32LE(4096);
    const { root, work } = await analyse('slow.docx', cfbFile({ EncryptionInfo: info, EncryptedPackage: pkg }));
    expect(root.flags).toEqual(['encrypted_document', 'password_limit']);
    expect(work).toMatchObject({ passwordTries: 0, passwordHashes: 0 });
  });
});

describe('agile key derivation against published vectors', () => {
  // The doctest vectors of msoffcrypto-tool's ECMA376Agile (password "Password1234_", SHA-512, 100,000 spins).
  const hex = (s: string): Buffer => Buffer.from(s, 'hex');
  const password = (salt: string, fields: Partial<AgileEncryption['password']>): AgileEncryption['password'] => ({
    hash: 'sha512', hashBytes: 64, salt: hex(salt), spinCount: 100_000, keyBytes: 32, blockBytes: 16,
    encryptedVerifierHashInput: Buffer.alloc(0), encryptedVerifierHashValue: Buffer.alloc(0), encryptedKeyValue: Buffer.alloc(0), ...fields,
  });

  it('verifies the right password and refuses a wrong one', () => {
    const p = password('cbca1c999343fbad92075634150034b0', {
      encryptedVerifierHashInput: hex('39eea54e26e514798c284bc7714d38ac'),
      encryptedVerifierHashValue: hex('14376d6d817334e6b0ff4fd8221a7c678e5d8a784e8f999f4c188930c36a4b29c5b333605b5cd403b05003adcf18cca8cbab8debe373c65604a0becfae5c0ad0'),
    });
    expect(agileVerifies(p, iteratedHash('sha512', p.salt, 'Password1234_', p.spinCount))).toBe(true);
    expect(agileVerifies(p, iteratedHash('sha512', p.salt, 'Password1234', p.spinCount))).toBe(false);
  });

  it('unlocks the secret key', () => {
    const p = password('4c725d45dc610f939412a04da7910466', { encryptedKeyValue: hex('a16cd5165a7ab9d271113ed386a78cf49692e8e527b0c5fc0055ed080b7cb94b') });
    const info: AgileEncryption = { kind: 'agile', keyData: { hash: 'sha512', salt: Buffer.alloc(16), keyBytes: 32, blockBytes: 16 }, password: p };
    const key = agileSecretKey(info, iteratedHash('sha512', p.salt, 'Password1234_', p.spinCount));
    expect(key?.toString('hex')).toBe('40206609d9faadf24b076aebf2c435b74292c8b8a7aa81bc679be89711b02ac2');
  });
});

function agileInfoXml(spinCount: number): string {
  const cipher = 'saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"';
  const b = Buffer.alloc(64, 7).toString('base64');
  return `<encryption><keyData ${cipher} saltValue="${b}"/><p:encryptedKey spinCount="${spinCount}" ${cipher} saltValue="${Buffer.alloc(16, 3).toString('base64')}" encryptedVerifierHashInput="${b}" encryptedVerifierHashValue="${b}" encryptedKeyValue="${b}"/></encryption>`;
}

function streamOf(ole: Uint8Array, name: string): Uint8Array {
  const entry = CFB.find(CFB.read(Buffer.from(ole), { type: 'buffer' }), name)!;
  return Uint8Array.from(entry.content as Uint8Array);
}
