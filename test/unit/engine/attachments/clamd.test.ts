import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClamdClient, parseClamdReply } from '../../../../src/engine/attachments/clamd.ts';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { attachmentDetector } from '../../../../src/engine/detectors/attachments/attachment-detector.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/limits.ts';
import type { Finding } from '../../../../src/core/verdict.ts';
import { makeContext } from '../../../helpers/detector-context.ts';
import { attachment, modelWith, zip } from './fixtures/build-files.ts';
import { startClamd, type LocalClamd } from './fixtures/local-clamd.ts';
import { loadConfig } from '../../../../src/config/load.ts';
import { clamdFromAddress, createPipelineEngine } from '../../../../src/pipeline/engine.ts';

const KNOWN = new Uint8Array(Buffer.from('MZ this file stands in for a known malware sample, detected by its hash\n'));
const MARKER = 'MAILWARDEN-BODY-SIGNATURE-7f3a';

describe('clamd INSTREAM adapter (real clamd, local test signatures)', () => {
  let clamd: LocalClamd;
  beforeAll(async () => {
    clamd = await startClamd({ hashes: { 'MailWarden.Test.Hash': KNOWN }, bodies: { 'MailWarden.Test.Body': MARKER } });
  }, 60_000);
  afterAll(async () => {
    await clamd?.stop();
  });

  it('answers PING', async () => {
    expect(await clamd.client.ping()).toBe(true);
  });

  it('finds a file by its hash signature, and passes a clean file', async () => {
    expect((await clamd.client.scan(KNOWN)).signature).toMatch(/^MailWarden\.Test\.Hash/);
    expect((await clamd.client.scan(new Uint8Array(Buffer.from('an ordinary letter')))).signature).toBeNull();
  });

  it('streams a file larger than one chunk', async () => {
    const big = Buffer.alloc(300_000, 0x41);
    Buffer.from(MARKER).copy(big, 250_000);
    expect((await createClamdClient({ socketPath: clamd.socketPath, chunkBytes: 16 * 1024 }).scan(new Uint8Array(big))).signature).toMatch(/^MailWarden\.Test\.Body/);
  });

  it('feeds clamd matches to the detector as CLAMAV_MATCH, also for a zipped sample', async () => {
    const model = modelWith([attachment('sample.zip', await zip({ 'payload.exe': KNOWN })), attachment('notes.txt', 'nothing to see')]);
    await analyzeAttachments(model, DEFAULT_LIMITS, { malwareScanner: clamd.client });
    const findings = (await attachmentDetector.detect(model, makeContext())) as Finding[];
    const clam = findings.find((f) => f.rule === 'CLAMAV_MATCH')!;
    expect(clam.evidence).toContain('sample.zip');
    expect(clam.evidence).toContain('MailWarden.Test.Hash');
    expect(model.attachments[1]!.explode![0]!.scan.clamav).toEqual({ signature: null });
  });

  const mimeWith = (name: string, bytes: Uint8Array) =>
    new Uint8Array(Buffer.from([
      'From: a@example.org', 'To: b@example.com', 'Subject: invoice', 'Message-ID: <c1@example.org>', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '', 'see attached', '--b1',
      `Content-Type: application/octet-stream; name="${name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${name}"`, '',
      Buffer.from(bytes).toString('base64'), '--b1--', '',
    ].join('\r\n')));

  it('CLAMD_ADDRESS: a configured socket finds the signature in a mailed attachment; unset, no signature scan runs', async () => {
    const config = loadConfig({ RULE_PACKS: 'none', CLAMD_ADDRESS: clamd.socketPath });
    const on = await (await createPipelineEngine(config)).scan({ raw: mimeWith('report.bin', KNOWN) });
    expect(on.verdict.findings.find((f) => f.rule === 'CLAMAV_MATCH')?.evidence).toContain('MailWarden.Test.Hash');
    const off = await (await createPipelineEngine(loadConfig({ RULE_PACKS: 'none' }))).scan({ raw: mimeWith('report.bin', KNOWN) });
    expect(off.verdict.findings.some((f) => f.rule === 'CLAMAV_MATCH')).toBe(false);
  });

  it('CLAMD_ADDRESS: refuses an address that is neither a socket path nor tcp://host:port', () => {
    expect(() => loadConfig({ CLAMD_ADDRESS: 'clamd.local:3310' })).toThrow(/CLAMD_ADDRESS/);
    expect(clamdFromAddress('tcp://127.0.0.1:1')).toBeDefined();
  });
});

describe('clamd failures', () => {
  it('records an unreachable clamd on the node and goes on', async () => {
    const down = createClamdClient({ socketPath: '/nonexistent/clamd.sock', timeoutMs: 1000 });
    const model = modelWith([attachment('a.txt', 'hello')]);
    await analyzeAttachments(model, DEFAULT_LIMITS, { malwareScanner: down });
    expect(model.attachments[0]!.explode![0]!.scan.clamav).toMatchObject({ signature: null, error: expect.stringContaining('unreachable') });
    expect(model.attachments[0]!.explode![0]!.flags).toEqual([]);
  });

  it('parses the replies clamd gives', () => {
    expect(parseClamdReply('stream: OK')).toEqual({ signature: null });
    expect(parseClamdReply('stream: Win.Test.EICAR_HDB-1 FOUND')).toEqual({ signature: 'Win.Test.EICAR_HDB-1' });
    expect(() => parseClamdReply('INSTREAM size limit exceeded. ERROR')).toThrow(/size limit/);
  });
});
