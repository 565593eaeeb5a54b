import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanMessage, mbox, phishMessage } from './scan-fixtures.ts';

const BIN = join(import.meta.dirname, '../../../bin/mailwarden.js');

function scan(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [BIN, 'scan', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonLines(stdout: string) {
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

// Each test spawns the CLI (a fresh Node with tsx): generous timeouts for a loaded CI machine.
describe('mailwarden scan (end to end)', { timeout: 120_000 }, () => {
  it('exits 0 on a folder of clean mail, recursing into subfolders and skipping non-mail files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-scan-clean-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.eml'), cleanMessage());
    writeFileSync(join(dir, 'sub', 'no-extension'), cleanMessage());
    writeFileSync(join(dir, 'notes.json'), '{"not":"mail"}');
    writeFileSync(join(dir, 'readme'), 'just words here\nnothing else');
    const r = scan(['--json', dir]);
    expect(r.stderr).toBe('');
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.file)).toEqual([join(dir, 'a.eml'), join(dir, 'sub', 'no-extension')]);
    for (const l of lines) {
      expect(l).toMatchObject({ verdict: 'clean', failures: [] });
      expect(Array.isArray(l.findings)).toBe(true);
      expect(Object.keys(l).sort()).toEqual(['failures', 'file', 'findings', 'ms', 'score', 'verdict']);
      expect(typeof l.ms).toBe('number');
    }
    expect(r.code).toBe(0);
  });

  it('exits 1 when any message is a threat, and --explain adds descriptions and the attachment tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-scan-threat-'));
    writeFileSync(join(dir, 'inbox.mbox'), mbox());
    const r = scan(['--json', '--explain', dir]);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.file)).toEqual([`${join(dir, 'inbox.mbox')}#1`, `${join(dir, 'inbox.mbox')}#2`]);
    expect(lines[0].verdict).toBe('clean');
    expect(lines[1].verdict).not.toBe('clean');
    expect(lines[1].findings.length).toBeGreaterThan(0);
    for (const f of lines[1].findings) expect(Object.keys(f).sort()).toEqual(['description', 'detector', 'evidence', 'rule', 'score']);
    expect(lines[1].attachments).toEqual([]);
    expect(lines[1].parse_warnings).toEqual([]);
    expect(r.code).toBe(1);
  });

  it('reads stdin with "-" and prints the human table', () => {
    const r = scan(['-'], phishMessage());
    expect(r.stdout.split('\n')[0]).toMatch(/^VERDICT\s+SCORE\s+MS\s+FILE/);
    expect(r.stdout).toMatch(/\n(PHISHING|SUSPICIOUS|BEC|SPAM|MALWARE)\s+\d+\.\d\d\s+[\d.]+\s+-\s+\[/);
    expect(r.stdout).toMatch(/1 message\(s\) scanned/);
    expect(r.code).toBe(1);
  });

  it('--lists adds list folders: a link domain on a user bad_domains list makes the same message a threat', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-scan-lists-'));
    const msg = join(dir, 'mail');
    mkdirSync(msg);
    const lists = join(dir, 'lists');
    mkdirSync(lists);
    writeFileSync(join(msg, 'a.eml'), cleanMessage('Minutes are at https://docs.partner-portal.example/minutes'));
    writeFileSync(join(lists, 'bad_domains.txt'), '# ours\npartner-portal.example\n');
    const without = scan(['--json', msg]);
    expect(jsonLines(without.stdout)[0].verdict).toBe('clean');
    expect(without.code).toBe(0);
    const withList = scan(['--json', '--lists', lists, msg]);
    expect(jsonLines(withList.stdout)[0].findings.map((f: { rule: string }) => f.rule)).toContain('KNOWN_BAD_DOMAIN');
    expect(withList.code).toBe(1);
  });

  it('exits 2 on a missing path, a missing rule pack, and no arguments', () => {
    const missing = scan(['--json', '/nonexistent/mw-scan']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read input/);
    const dir = mkdtempSync(join(tmpdir(), 'mw-scan-rules-'));
    writeFileSync(join(dir, 'a.eml'), cleanMessage());
    expect(scan(['--rules', '/nonexistent/mw-rules', dir]).code).toBe(2);
    expect(scan([]).code).toBe(2);
  });
});
