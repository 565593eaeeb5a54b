import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { messageFacts, messageLink, type AlertContent } from '../../../src/alerts/alert-content.ts';
import { defangText, defangUrl } from '../../../src/alerts/defang.ts';
import { renderAlert } from '../../../src/alerts/render-alert.ts';
import { createDefaultEngine } from '../../../src/engine/default-engine.ts';
import type { ScanResult } from '../../../src/engine/scan-message.ts';
import { decide } from '../../../src/policy/decide.ts';
import { withDefaults } from '../../../src/policy/defaults.ts';
import { phishingMessage } from './phish-fixture.ts';

/** Every http(s) URL in the text that a mail client would make clickable. */
const liveUrls = (s: string) => [...s.matchAll(/\b(?:https?|ftp):\/\/[^\s"'<>]+/gi)].map((m) => m[0]);

describe('alert email rendered from a real detection', () => {
  let scan: ScanResult;
  let content: AlertContent;

  beforeAll(async () => {
    const { engine } = await createDefaultEngine({ rulePacks: [] });
    scan = await engine.scan({ raw: phishingMessage(), direction: 'inbound' });
    const decision = decide(scan.verdict, withDefaults({ mode: 'enforce' }));
    content = {
      tenantId: 'acme', tenantName: 'Acme Corp', mailbox: 'alice@corp.example', messageKey: 'msg_0123abcd', receivedAt: '2026-12-03T09:12:04.000Z',
      verdict: scan.verdict, decision, actions: [{ action: decision.action, status: 'done' }],
      message: messageFacts(scan.model), dashboardUrl: messageLink('https://mailwarden.example.com', 'acme', 'msg_0123abcd'),
    };
  }, 60_000);

  it('the engine calls it phishing and the policy quarantines it (the input is real, not a canned verdict)', () => {
    expect(scan.verdict.verdict).toBe('phishing');
    expect(content.decision.action).toBe('quarantine');
  });

  it('says what was found, where, what was done, and links to the dashboard', () => {
    const { subject, text, html } = renderAlert(content);
    expect(subject).toContain('Phishing');
    expect(subject).toContain('quarantine');
    expect(subject).toContain('alice[@]corp[.]example');
    for (const body of [text, html]) {
      expect(body).toContain('Acme Corp');
      expect(body).toContain('service[@]paypa1-account-verify[.]com');
      expect(body).toContain('DMARC fail');
      for (const f of scan.verdict.findings.sort((a, b) => b.score - a.score).slice(0, 3)) expect(body).toContain(f.rule);
      expect(body).toContain('quarantine (enforce mode)');
      expect(body).toContain('https://mailwarden.example.com/#/message/msg_0123abcd/acme');
    }
    expect(text).toContain('hxxp[://]paypa1-account-verify[.]com/signin/update?id=8812');
  });

  it('carries no live malicious link: the only URL and the only href are the dashboard', () => {
    const { subject, text, html } = renderAlert(content);
    expect(liveUrls(text)).toEqual([content.dashboardUrl]);
    expect(liveUrls(html)).toEqual([content.dashboardUrl]);
    expect([...html.matchAll(/href=/g)]).toHaveLength(1);
    for (const body of [subject, text, html]) {
      expect(body).not.toMatch(/paypa1-account-verify\.com/);
    }
    writeFileSync(join(tmpdir(), 'mailwarden-alert.html'), html);
  });

  it('defangs without mangling ordinary words, and leaves nothing a mail client would auto-link', () => {
    expect(defangUrl('https://evil.example.com/a.b?c=d.e')).toBe('hxxps[://]evil[.]example[.]com/a.b?c=d.e');
    expect(defangText('visit www.evil.example or mail a@b.example now. Thanks')).toBe('visit www[.]evil[.]example or mail a[@]b[.]example now. Thanks');
    expect(liveUrls(defangText('see http://x.example/y and https://z.example'))).toEqual([]);
  });
});
