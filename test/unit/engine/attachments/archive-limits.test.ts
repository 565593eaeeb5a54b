import { describe, expect, it } from 'vitest';
import { analyzeAttachments } from '../../../../src/engine/attachments/analyze-attachments.ts';
import { DEFAULT_LIMITS, type Limits } from '../../../../src/engine/limits.ts';
import type { FileNode } from '../../../../src/core/message.ts';
import { gzipSync } from 'node:zlib';
import { attachment, layeredBomb, modelWith, nestedZip, withDeclaredSize, withEncryptedFlag, zip } from './fixtures/build-files.ts';
import type { WorkCounters } from '../../../../src/engine/attachments/budget.ts';

async function explode(name: string, bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): Promise<{ nodes: FileNode[]; work: WorkCounters }> {
  const model = modelWith([attachment(name, bytes)]);
  await analyzeAttachments(model, limits);
  const nodes = model.attachments[0]!.explode!;
  return { nodes, work: nodes[0]!.scan.work as WorkCounters };
}

const allFlags = (nodes: FileNode[]): string[] => [...new Set(nodes.flatMap((n) => n.flags))];

describe('zip unpacking', () => {
  it('unpacks a plain zip into child nodes with hashes and real types', async () => {
    const { nodes } = await explode('docs.zip', await zip({ 'a.txt': 'hello there', 'b/c.html': '<html><body>hi</body></html>' }));
    expect(nodes.map((n) => [n.depth, n.file_name])).toEqual([[0, 'docs.zip'], [1, 'a.txt'], [1, 'b/c.html']]);
    expect(nodes[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(nodes[2]!.flavors.mime).toBe('text/html');
    expect(allFlags(nodes)).toEqual([]);
  });

  it('names the encrypted entries of a password-protected zip without reading them', async () => {
    const { nodes } = await explode('secret.zip', withEncryptedFlag(await zip({ 'invoice.exe': 'MZ....' })));
    expect(nodes[0]!.flags).toContain('encrypted_archive');
    expect(nodes[0]!.scan.zip).toMatchObject({ encrypted: true, encrypted_files: ['invoice.exe'] });
    expect(nodes).toHaveLength(1);
  });
});

describe('limits on hostile archives (work is counted, never timed)', () => {
  it('stops a 42.zip-style layered bomb at the limits and flags it', async () => {
    // 4 layers × 16 files: 65,536 leaves of 2 MiB zeros = 128 GiB if expanded.
    const bomb = await layeredBomb(4, 16, 2 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2_000_000);
    const limits: Limits = { ...DEFAULT_LIMITS, maxArchiveEntries: 300, maxExpandedBytes: 64 * 1024 * 1024 };
    const { nodes, work } = await explode('42.zip', bomb, limits);
    expect(allFlags(nodes)).toContain('archive_bomb');
    expect(work.entries).toBeLessThanOrEqual(300);
    expect(work.expandedBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(nodes.length).toBeLessThanOrEqual(301);
    // No leaf was ever inflated: each one is refused on its declared ratio.
    expect(nodes.some((n) => n.file_name?.endsWith('.bin'))).toBe(false);
  }, 30_000);

  it('caps an entry that lies about its size while inflating, counting the bytes it produced', async () => {
    const honest = await zip({ 'zeros.bin': new Uint8Array(8 * 1024 * 1024) }, 9);
    const lying = withDeclaredSize(honest, 1000);
    const limits: Limits = { ...DEFAULT_LIMITS, maxCompressionRatio: 100 };
    const { nodes, work } = await explode('liar.zip', lying, limits);
    expect(nodes[0]!.flags).toContain('archive_bomb');
    expect(work.inflations).toBe(1);
    // The cap is max(compressed × ratio, 1 MiB) = 1 MiB here, far below the 8 MiB the entry holds.
    expect(work.expandedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(nodes).toHaveLength(1);
  });

  it('stops at the expanded-bytes allowance across entries', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10; i++) entries[`f${i}.txt`] = new Uint8Array(200_000).fill(65 + i);
    const limits: Limits = { ...DEFAULT_LIMITS, maxExpandedBytes: 500_000 };
    const { nodes, work } = await explode('many.zip', await zip(entries), limits);
    expect(nodes[0]!.flags).toContain('expanded_limit');
    expect(work.expandedBytes).toBeLessThanOrEqual(500_000);
    expect(nodes.filter((n) => n.depth === 1).length).toBe(2);
  });

  it('stops a 10-level nested zip at maxArchiveDepth and flags nesting_limit', async () => {
    const { nodes, work } = await explode('level-1.zip', await nestedZip(10));
    expect(Math.max(...nodes.map((n) => n.depth))).toBe(DEFAULT_LIMITS.maxArchiveDepth);
    expect(nodes).toHaveLength(DEFAULT_LIMITS.maxArchiveDepth + 1);
    expect(nodes.at(-1)!.flags).toContain('nesting_limit');
    expect(work.limitsHit).toContain('nesting_limit');
  });

  it('does not flag a 4-level nested zip within the depth limit', async () => {
    const { nodes } = await explode('level-1.zip', await nestedZip(4));
    expect(nodes.at(-1)!.file_name).toBe('core.txt');
    expect(allFlags(nodes)).toEqual([]);
  });

  it('stops listing at maxArchiveEntries', async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 50; i++) entries[`${i}.txt`] = `file ${i}`;
    const { nodes, work } = await explode('wide.zip', await zip(entries), { ...DEFAULT_LIMITS, maxArchiveEntries: 20 });
    expect(work.entries).toBe(20);
    expect(nodes).toHaveLength(21);
    expect(nodes[0]!.flags).toContain('entry_limit');
  });

  it('caps a gzip bomb by counting inflated bytes', async () => {
    const gz = gzipSync(new Uint8Array(50 * 1024 * 1024), { level: 9 });
    const { nodes, work } = await explode('logs.gz', new Uint8Array(gz));
    expect(nodes[0]!.flags).toContain('archive_bomb');
    expect(work.expandedBytes).toBeLessThanOrEqual(Math.max(gz.length * DEFAULT_LIMITS.maxCompressionRatio, 1024 * 1024));
  });

  it('unpacks an ordinary gzip', async () => {
    const { nodes } = await explode('notes.txt.gz', new Uint8Array(gzipSync(Buffer.from('meeting notes, nothing more'))));
    expect(nodes[1]).toMatchObject({ file_name: 'notes.txt', depth: 1 });
    expect(allFlags(nodes)).toEqual([]);
  });

  it('does no analysis once the time budget is spent, and says so', async () => {
    const { nodes, work } = await explode('docs.zip', await zip({ 'a.txt': 'a', 'b.txt': 'b' }), { ...DEFAULT_LIMITS, attachmentBudgetMs: -1 });
    expect(nodes).toHaveLength(1);
    expect(nodes[0]!.flags).toEqual(['time_budget']);
    expect(work).toMatchObject({ entries: 0, inflations: 0, limitsHit: ['time_budget'] });
  });

  it('unpacks a newc cpio archive', async () => {
    const entry = (name: string, data: string): Buffer => {
      const hex = (n: number): string => n.toString(16).padStart(8, '0');
      const fields = [1, 0o100644, 0, 0, 1, 0, data.length, 0, 0, 0, 0, name.length + 1, 0].map(hex).join('');
      const head = Buffer.from(`070701${fields}${name}\0`, 'latin1');
      const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
      return Buffer.concat([pad(head), pad(Buffer.from(data, 'latin1'))]);
    };
    const cpio = Buffer.concat([entry('run.exe', 'MZ\x90\x00 payload'), entry('notes.txt', 'just notes'), entry('TRAILER!!!', '')]);
    const { nodes } = await explode('bundle.cpio', new Uint8Array(cpio));
    expect(nodes.map((n) => n.file_name)).toEqual(['bundle.cpio', 'run.exe', 'notes.txt']);
    expect(nodes[1]!.flags).toContain('dangerous_type');
    expect(nodes[2]!.flags).toEqual([]);
  });

  it('records a truncated zip as corrupt instead of throwing', async () => {
    const whole = await zip({ 'a.txt': 'x'.repeat(1000), 'b.txt': 'y'.repeat(1000) });
    const { nodes } = await explode('cut.zip', whole.subarray(0, 60));
    expect(nodes[0]!.flags).toContain('corrupt_archive');
  });
});
