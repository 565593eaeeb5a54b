/**
 * Rules that call `ml.nlu_classifier` run on MailWarden's local stand-in and say so: the pack counts them as
 * approximated, their findings are marked, the classifier runs once per text per message, and strict mode
 * (engine option and `rules check --strict`) makes them unsupported exactly as before.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config/load.ts';
import { createPipelineEngine } from '../../../../src/pipeline/engine.ts';
import { nluClassifications } from '../../../../src/engine/rules/functions/ml-nlu.ts';
import { createRulesDetector, loadPack } from '../../../../src/engine/rules/index.ts';
import { makeContext } from '../../../helpers/detector-context.ts';
import { listSource } from '../../../helpers/list-source.ts';
import { link, makeModel } from '../../../helpers/model-factory.ts';

const BIN = join(import.meta.dirname, '../../../../bin/mailwarden.js');

const rule = (name: string, source: string) => `name: "${name}"\ntype: "rule"\nseverity: "high"\nsource: |\n${source.replace(/^/gm, '  ')}\n`;

function pack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mql-nlu-pack-'));
  const files: Record<string, string> = {
    'nlu-cred.yml': rule('NLU cred theft', 'any(ml.nlu_classifier(body.current_thread.text).intents, .name == "cred_theft" and .confidence == "high")'),
    'nlu-urgency.yml': rule('NLU urgency with a link', 'length(body.links) > 0 and any(ml.nlu_classifier(body.current_thread.text).entities, .name == "urgency")'),
    'nlu-per-link.yml': rule('NLU on link text', 'any(body.links, any(ml.nlu_classifier(.display_text).entities, .name == "request"))'),
    'topic.yml': rule('Topic', 'any(beta.ml_topic(body.current_thread.text).topics, .name == "Security and Authentication")'),
    'plain.yml': rule('Plain', 'strings.icontains(subject.subject, "account")'),
    'whois.yml': rule('Whois', 'network.whois(sender.email.domain).days_old < 30 and any(ml.nlu_classifier(body.current_thread.text).intents, .name == "bec")'),
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const LURE = `Unusual sign-in activity was detected on your Microsoft 365 account. Your mailbox will be suspended within
24 hours. Click here to verify your account and keep your current password.`;

function lureModel() {
  return makeModel({
    subject: { subject: 'Your account', base: 'Your account', is_reply: false, is_forward: false },
    body: { current_thread: { text: LURE, links: [] }, links: [link('https://login.example.net/verify', 'Please verify now'), link('https://login.example.net/help', 'Please verify now')] },
  } as Parameters<typeof makeModel>[0]);
}

describe('rules on the local NLU stand-in', () => {
  it('counts approximated rules and the strict figure; strict makes them unsupported under the function name', async () => {
    const dir = pack();
    const { report } = await loadPack(dir);
    expect(report).toMatchObject({ total: 6, runnable: 5, runnableStrict: 1, approximated: { 'ml.nlu_classifier': 3, 'beta.ml_topic': 1 } });
    expect(report.unsupported).toEqual({ 'network.whois': 1 });
    const strict = (await loadPack(dir, undefined, { strict: true })).report;
    expect(strict).toMatchObject({ runnable: 1, runnableStrict: 1, approximated: {} });
    expect(strict.unsupported).toEqual({ 'ml.nlu_classifier': 4, 'beta.ml_topic': 1, 'network.whois': 1 });
  });

  it('marks findings of approximated rules, and classifies each distinct text once per message', async () => {
    const { detector, stats } = await createRulesDetector({ packs: [pack()], lists: listSource() });
    expect(stats.approximated).toEqual({ 'ml.nlu_classifier': 3, 'beta.ml_topic': 1 });
    const before = nluClassifications();
    const findings = await detector.detect(lureModel(), makeContext());
    // Four rules read the body (three of them through the same text) and two links share one display text: two texts.
    expect(nluClassifications() - before).toBe(2);
    const byName = (end: string) => findings.find((f) => f.rule.endsWith(end));
    for (const id of ['NLU_CRED_THEFT', 'NLU_URGENCY_WITH_A_LINK', 'NLU_ON_LINK_TEXT', 'TOPIC']) {
      expect(byName(id)?.evidence).toMatch(/^\[approximate: (ml\.nlu_classifier|beta\.ml_topic)\] /);
    }
    expect(byName('PLAIN')?.evidence).not.toContain('approximate');
    // A new message starts a new cache.
    await detector.detect(lureModel(), makeContext());
    expect(nluClassifications() - before).toBe(4);
  });

  it('with the strict engine option, runs no approximated rule', async () => {
    const { detector, stats } = await createRulesDetector({ packs: [pack()], lists: listSource(), strict: true });
    expect(stats.runnable).toBe(1);
    expect(stats.unsupported['ml.nlu_classifier']).toBe(4);
    const before = nluClassifications();
    const findings = await detector.detect(lureModel(), makeContext());
    expect(findings.map((f) => f.rule)).toEqual([expect.stringMatching(/PLAIN$/)]);
    expect(nluClassifications()).toBe(before);
  });
});

describe('RULES_STRICT reaches the service engine', () => {
  const raw = Buffer.from(
    ['From: IT Helpdesk <it@helpdesk.example.net>', 'To: bob@acme.com', 'Subject: Your account', 'Message-ID: <nlu-1@example.net>',
      'Date: Mon, 05 Jan 2026 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', LURE, ''].join('\r\n'),
  );
  const rulesFired = async (strict: string) => {
    const engine = await createPipelineEngine(loadConfig({ RULE_PACKS: pack(), RULES_STRICT: strict }));
    const { verdict } = await engine.scan({ raw, externalId: 'nlu-1' });
    const names = ['NLU_CRED_THEFT', 'NLU_URGENCY_WITH_A_LINK', 'TOPIC', 'PLAIN'];
    return verdict.findings.filter((f) => f.detector === 'mql').map((f) => names.find((n) => f.rule.endsWith(`_${n}`)) ?? f.rule).sort();
  };

  it('runs the stand-in rules by default and none of them with RULES_STRICT=true', async () => {
    const loose = await rulesFired('false');
    expect(loose).toEqual(['NLU_CRED_THEFT', 'PLAIN', 'TOPIC']);
    expect(await rulesFired('true')).toEqual(['PLAIN']);
  });
});

describe('mailwarden rules check', { timeout: 120_000 }, () => {
  const check = (args: string[]) => spawnSync(process.execPath, [BIN, 'rules', 'check', ...args], { encoding: 'utf8', timeout: 100_000 });

  it('reports runnable, runnableStrict and the approximated table in JSON, and --strict counts them unsupported', () => {
    const dir = pack();
    const loose = JSON.parse(check([dir, '--json']).stdout);
    expect(loose).toMatchObject({ total: 6, runnable: 5, runnableStrict: 1, approximated: { 'ml.nlu_classifier': 3, 'beta.ml_topic': 1 }, unsupported: { 'network.whois': 1 } });
    const strict = JSON.parse(check([dir, '--json', '--strict']).stdout);
    expect(strict).toMatchObject({ runnable: 1, runnableStrict: 1, approximated: {}, unsupported: { 'ml.nlu_classifier': 4, 'beta.ml_topic': 1, 'network.whois': 1 } });
    const table = check([dir]).stdout;
    expect(table).toContain('runnable without approximations (--strict) 1');
    expect(table).toMatch(/3\s+ml\.nlu_classifier/);
    expect(table).toContain("MailWarden's local stand-in, not the vendor's model");
  });
});
