import { describe, expect, it } from 'vitest';
import type { BodyHtml } from '../../../../../src/core/message.ts';
import { compilePhraseSet } from '../../../../../src/engine/detectors/content/phrase-set.ts';
import { MAX_SCAN_CHARS, textView } from '../../../../../src/engine/detectors/content/text-view.ts';
import { bulkRules } from '../bulk/run-bulk.ts';
import { contentFindings, contentRules, textModel } from './run-content.ts';

describe('content and bulk detectors under hostile input', () => {
  it('reads at most MAX_SCAN_CHARS of the body: a lure past the cap is never scanned', () => {
    const filler = 'lorem ipsum '.repeat(Math.ceil(MAX_SCAN_CHARS / 12) + 10);
    const msg = textModel('Hello', `${filler} verify your account now`);
    expect(textView(msg).bodyRaw.length).toBe(MAX_SCAN_CHARS);
    expect(contentRules(msg)).not.toContain('CREDENTIAL_LURE');
    expect(contentRules(textModel('Hello', 'verify your account now'))).toContain('CREDENTIAL_LURE');
  });

  it('keeps at most five phrases per family however often they repeat, and quotes at most three', () => {
    const set = compilePhraseSet({ lure: ['verify your (?:account|email|wallet|device|identity|mailbox|details)'] });
    const text = ['account', 'email', 'wallet', 'device', 'identity', 'mailbox', 'details'].map((w) => `verify your ${w}`).join('. ').repeat(500);
    expect(set.scan(text).get('lure')).toHaveLength(5);
    const f = contentFindings(textModel('x', text)).find((x) => x.rule === 'CREDENTIAL_LURE')!;
    expect(f.evidence).toMatch(/\(\+2 more\)$/);
    expect(f.evidence.length).toBeLessThan(200);
  });

  it('finishes on megabytes of tag soup, tiny-font styles and forms without reporting nonsense', () => {
    const raw = '<form action="https://x.example/a"><span style="font-size:0px;"'.repeat(40_000) + '<<<<'.repeat(100_000);
    const html: BodyHtml = { raw, display_text: 'Hello', inner_text: 'Hello' };
    const msg = textModel('Hello', 'Hello', { body: { html } });
    expect(contentRules(msg)).toEqual([]);
    expect(bulkRules(msg)).not.toContain('HTML_MOSTLY_IMAGE');
  });
});
