import { describe, expect, it } from 'vitest';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { passwordCandidates } from '../../../../src/engine/attachments/password-candidates.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import type { FileNode } from '../../../../src/core/message.ts';
import { attachment, cfbFile, encryptedZip, modelWith } from './fixtures/build-files.ts';

async function explode(name: string, bytes: Uint8Array, text: string): Promise<FileNode[]> {
  const model = modelWith([attachment(name, bytes)], text);
  await analyzeAttachments(model, DEFAULT_LIMITS);
  return model.attachments[0]!.explode!;
}

describe('encrypted zips whose password the message gives', () => {
  const locked = encryptedZip({ 'Invoice.js': 'var s = new ActiveXObject("WScript.Shell"); s.Run("calc");', 'readme.txt': 'open the invoice' }, 'Inv2024');

  it('opens the archive with the password from the body and inspects what is inside', async () => {
    const nodes = await explode('invoice.zip', locked, 'Your invoice is attached.\nPassword: Inv2024\nRegards');
    expect(nodes[0]!.flags).toEqual(expect.arrayContaining(['encrypted_archive', 'password_in_body']));
    expect(nodes[0]!.scan.encrypted_zip).toEqual({ cracked_password: 'Inv2024' });
    const js = nodes.find((n) => n.file_name === 'Invoice.js')!;
    expect(js.flags).toContain('dangerous_type');
    expect((js.scan.strings as { raw: string }).raw).toContain('WScript.Shell');
  });

  it('stays closed with a wrong password, and with none', async () => {
    for (const text of ['Password: Wrong123', 'Please see the attached invoice.']) {
      const nodes = await explode('invoice.zip', locked, text);
      expect(nodes).toHaveLength(1);
      expect(nodes[0]!.flags).toEqual(['encrypted_archive']);
    }
  });

  it('takes candidates only from phrases that give a password', () => {
    expect(passwordCandidates('The archive password is "Inv2024". Code: 7781')).toEqual(['Inv2024', '7781']);
    expect(passwordCandidates('Click here to reset your password. Your password expires today.')).toEqual([]);
  });
});

describe('other encrypted containers', () => {
  it('flags an encrypted RAR4 file entry by its header flag, and not a plain one', async () => {
    const rar = (fileFlags: number): Uint8Array => {
      const sig = Buffer.from('Rar!\x1a\x07\x00', 'latin1');
      const main = Buffer.from([0, 0, 0x73, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0]);
      const file = Buffer.alloc(32 + 5);
      file.writeUInt16LE(0, 0); file[2] = 0x74; file.writeUInt16LE(0x8000 | fileFlags, 3); file.writeUInt16LE(37, 5);
      file.writeUInt32LE(0, 7); file.writeUInt16LE(5, 26); file.write('a.exe', 32, 'latin1');
      return new Uint8Array(Buffer.concat([sig, main, file]));
    };
    expect((await explode('a.rar', rar(0x04), ''))[0]!.flags).toEqual(['archive_not_unpacked', 'encrypted_archive']);
    expect((await explode('a.rar', rar(0), ''))[0]!.flags).toEqual(['archive_not_unpacked']);
  });

  it('finds a DDEAUTO field in a Word binary document, and not in a plain one', async () => {
    const field = Buffer.from('Dear customer \x13 DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" \x14\x15 thanks', 'utf16le');
    const doc = (text: Buffer): Uint8Array => cfbFile({ '/WordDocument': Buffer.concat([Buffer.from([0xec, 0xa5]), Buffer.alloc(0x200), text]) });
    const nodes = await explode('letter.doc', doc(field), '');
    expect(nodes[0]!.flags).toContain('dde');
    expect(nodes[0]!.scan.office).toMatchObject({ dde: [expect.stringContaining('DDEAUTO')] });
    expect((await explode('letter.doc', doc(Buffer.from('Dear customer, the DDE protocol is old. thanks', 'utf16le')), ''))[0]!.flags).toEqual([]);
  });
});
