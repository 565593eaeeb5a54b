import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRulesDetector, loadPack } from '../../../../src/engine/rules/index.ts';
import { makeContext } from '../../../helpers/detector-context.ts';
import { link, mailbox, makeModel } from '../../../helpers/model-factory.ts';
import { listSource } from '../../../helpers/list-source.ts';

function pack(rules: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mql-pack-'));
  for (const [file, text] of Object.entries(rules)) writeFileSync(join(dir, file), text);
  return dir;
}

const RULES = pack({
  'shortener.yml': `name: "Link: shortener from a free-mail sender"
type: "rule"
severity: "high"
attack_types: ["Credential Phishing"]
source: |
  type.inbound
  // free mail sender
  and sender.email.domain.root_domain in $free_email_providers
  and any(body.links, .href_url.domain.root_domain in $url_shorteners)
`,
  'ml.yml': `name: "Needs a model"
type: "rule"
severity: "low"
source: |
  any(ml.logo_detect(file.message_screenshot()).brands, .name == "Microsoft")
  or network.whois(sender.email.domain).days_old < 30
`,
  'broken.yml': `name: "Broken"
type: "rule"
source: |
  sender.email.email ==
`,
  'badregex.yml': `name: "Bad regex"
type: "rule"
source: |
  regex.icontains(subject.subject, 'a(?=b)')
`,
  'malware.yml': `name: "Attachment named invoice"
type: "rule"
severity: "critical"
attack_types: ["Malware/Ransomware", "BEC/Fraud"]
id: "ATTACHMENT_INVOICE_NAME"
source: |
  any(attachments, strings.icontains(.file_name, "invoice"))
`,
  'notes.txt': 'not a rule',
});

const lists = listSource({ free_email_providers: ['gmail.com'], url_shorteners: ['bit.ly'] });

describe('rule packs', () => {
  it('counts parsed, runnable and unsupported rules, and records errors with their stage', async () => {
    const { report } = await loadPack(RULES);
    expect(report.total).toBe(5);
    expect(report.parsed).toBe(4);
    expect(report.runnable).toBe(2);
    expect(report.unsupported).toEqual({ 'file.message_screenshot': 1, 'ml.logo_detect': 1, 'network.whois': 1 });
    expect(report.errors.map((e) => e.stage).sort()).toEqual(['compile', 'parse']);
    expect(report.lists).toEqual({ free_email_providers: 1, url_shorteners: 1 });
  });

  it('maps severity to weight, labels to category, and names to SCREAMING_SNAKE ids', async () => {
    const { detector, stats } = await createRulesDetector({ packs: [RULES], lists });
    expect(stats).toMatchObject({ total: 5, runnable: 2, skipped: 3 });
    const id = `MQL_${detector.id === 'mql' ? '' : ''}`;
    const ids = Object.keys(detector.rules);
    expect(ids.every((i) => i.startsWith(id) && /^[A-Z0-9_]+$/.test(i))).toBe(true);
    const shortener = ids.find((i) => i.endsWith('LINK_SHORTENER_FROM_A_FREE_MAIL_SENDER'))!;
    expect(detector.rules[shortener]).toMatchObject({ weight: 7, category: 'phishing' });
    const malware = ids.find((i) => i.endsWith('ATTACHMENT_INVOICE_NAME'))!;
    expect(detector.rules[malware]).toMatchObject({ weight: 9, category: 'malware' });
  });
});

describe('rules detector', () => {
  it('fires with evidence naming the conditions that held', async () => {
    const { detector } = await createRulesDetector({ packs: [RULES], lists });
    const msg = makeModel({ sender: mailbox('x@gmail.com'), body: { links: [link('https://bit.ly/x', 'open')] } });
    const findings = await detector.detect(msg, makeContext());
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toBe(
      'sender.email.domain.root_domain in $free_email_providers and any(body.links, .href_url.domain.root_domain in $url_shorteners) [on "https://bit.ly/x"]',
    );
    expect(detector.lastRun).toMatchObject({ evaluated: 2, matched: 1, failures: [] });
  });

  it('does not fire on the legitimate look-alike (company sender, same shortener)', async () => {
    const { detector } = await createRulesDetector({ packs: [RULES], lists });
    const msg = makeModel({ sender: mailbox('news@company.com'), body: { links: [link('https://bit.ly/x', 'open')] } });
    expect(await detector.detect(msg, makeContext())).toEqual([]);
  });

  it('records a rule that throws and goes on with the others', async () => {
    const { detector } = await createRulesDetector({ packs: [RULES], lists });
    const msg = makeModel({ sender: mailbox('x@gmail.com'), body: { links: [link('https://bit.ly/x', 'open')] } });
    // A hostile model: reading this attachment's file name throws.
    Object.defineProperty(msg, 'attachments', {
      value: [Object.defineProperty({}, 'file_name', { get: () => { throw new Error('boom'); } })],
    });
    const findings = await detector.detect(msg, makeContext());
    expect(findings.map((f) => f.rule)).toHaveLength(1);
    expect(detector.lastRun!.failures).toEqual([{ rule: expect.stringMatching(/ATTACHMENT_INVOICE_NAME$/), error: 'boom' }]);
  });

  it('reads profile.by_sender from the sender history: unknown without one, new for a never-seen sender', async () => {
    const dir = pack({
      'new.yml': `name: "New sender"\ntype: "rule"\nsource: |\n  profile.by_sender().prevalence == "new" and not profile.by_sender().solicited\n`,
    });
    const seen: string[] = [];
    const history = {
      lookup(email: string) {
        seen.push(email);
        return email === 'old@friend.com' ? { messages: 40, domainMessages: 40, repliesTo: 3, firstSeen: new Date('2024-01-01'), flagged: 0 } : null;
      },
    };
    const without = await createRulesDetector({ packs: [dir], lists });
    expect(await without.detector.detect(makeModel({ sender: mailbox('Who@new.com') }), makeContext())).toEqual([]);
    const { detector } = await createRulesDetector({ packs: [dir], lists, senderHistory: history });
    expect(await detector.detect(makeModel({ sender: mailbox('Who@new.com') }), makeContext())).toHaveLength(1);
    expect(await detector.detect(makeModel({ sender: mailbox('old@friend.com') }), makeContext())).toEqual([]);
    expect(seen).toEqual(['who@new.com', 'old@friend.com']);
  });
});

describe('match evidence', () => {
  it('names the branch of an or that held, the conditions of N of that held, and skips type.inbound', async () => {
    const dir = pack({
      'why.yml': `name: "Why"\ntype: "rule"\nsource: |\n  type.inbound\n  and (subject.subject == "nope" or strings.icontains(subject.subject, "invoice"))\n  and 2 of (sender.display_name == "A", sender.display_name == "Alice Example", length(attachments) == 0)\n`,
    });
    const { detector } = await createRulesDetector({ packs: [dir], lists });
    const msg = makeModel({ subject: { subject: 'Your Invoice', base: 'Your Invoice', is_reply: false, is_forward: false } });
    const [f] = await detector.detect(msg, makeContext());
    expect(f!.evidence).toBe('strings.icontains(subject.subject, "invoice") and sender.display_name == "Alice Example" and length(attachments) == 0');
  });

  it('shortens long evidence without splitting a surrogate pair', async () => {
    const { clipText } = await import('../../../../src/engine/rules/explain.ts');
    expect(clipText('ab𝕀cd', 4)).toBe('ab…');
    expect(clipText('abcdef', 4)).toBe('abc…');
    expect(clipText('abc', 4)).toBe('abc');
  });
});
