import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../../src/cli/scan-progress.ts';
import { formatExplain, formatRow, type ScanLine } from '../../../src/cli/scan-format.ts';

function fakeStream() {
  const writes: string[] = [];
  return { writes, stream: { write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe('progress bar', () => {
  it('draws files done over the total, throttled, and clears itself', () => {
    const { writes, stream } = fakeStream();
    const bar = new ProgressBar(40, stream);
    bar.update(1, 1);
    bar.update(2, 2); // within 100 ms of the last draw: skipped
    expect(writes.length).toBe(1);
    expect(writes[0]).toMatch(/^\r\[#?\.+\] 1\/40 files, 1 msgs/);
    bar.update(40, 55); // the last file always draws
    expect(writes[1]).toMatch(/\[#{30}\] 40\/40 files, 55 msgs/);
    bar.clear();
    expect(writes[2]).toBe('\r\x1b[2K');
    bar.clear();
    expect(writes.length).toBe(3);
  });
});

describe('human output', () => {
  const line: ScanLine = {
    file: 'a.eml',
    verdict: 'phishing',
    score: 9.5,
    findings: [
      { rule: 'DMARC_FAIL', detector: 'authentication', score: 3, evidence: 'dmarc=fail', description: 'DMARC failed' },
      { rule: 'LINK_TEXT_MISMATCH', detector: 'links', score: 3, evidence: 'shows paypal.com, goes to evil.example', description: 'Link text lies' },
      { rule: 'URGENCY_LANGUAGE', detector: 'content', score: 2, evidence: '"within 24 hours"', description: 'Urgency' },
      { rule: 'GENERIC_GREETING', detector: 'content', score: 1.5, evidence: '"Dear customer"', description: 'Generic greeting' },
    ],
    failures: [],
    ms: 3.21,
    parse_warnings: ['MIME parts cut at maxParts=500'],
    attachments: [{ name: 'a.zip', type: 'zip', size: 100, depth: 0, flags: ['encrypted'], children: [{ name: 'b.exe', type: 'exe', size: 50, depth: 1, flags: ['executable'], children: [] }] }],
  };
  it('prints a row with the top three rules', () => {
    expect(formatRow(line)).toBe('PHISHING     9.50     3.2  a.eml  [DMARC_FAIL, LINK_TEXT_MISMATCH, URGENCY_LANGUAGE +1]');
  });
  it('explains findings and indents the attachment tree by depth', () => {
    const text = formatExplain(line);
    expect(text).toContain('+3.00 DMARC_FAIL (authentication): DMARC failed\n        dmarc=fail');
    expect(text).toContain('      a.zip [zip] 100 B  {encrypted}\n        b.exe [exe] 50 B  {executable}');
    expect(text).toContain('    ! parse: MIME parts cut at maxParts=500');
  });
});
