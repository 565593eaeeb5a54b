/**
 * Renders a security-team alert email from a real scan, for the README:
 *   npx tsx scripts/render-alert.ts [message.eml] [--out docs/images/alert-email]
 * Scans the message (default: the built-in phishing fixture) with the default engine, decides with an
 * enforcing policy, writes <out>.html and <out>.txt, and <out>.png through headless Chromium when
 * /usr/bin/chromium is installed (never downloads a browser).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { messageFacts, messageLink } from '../src/alerts/alert-content.ts';
import { renderAlert } from '../src/alerts/render-alert.ts';
import { createDefaultEngine } from '../src/engine/default-engine.ts';
import { decide } from '../src/policy/decide.ts';
import { withDefaults } from '../src/policy/defaults.ts';
import { phishingMessage } from '../test/unit/alerts/phish-fixture.ts';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = resolve(outAt >= 0 ? args[outAt + 1]! : 'docs/images/alert-email');
const eml = args.find((a, i) => !a.startsWith('--') && i !== outAt + 1);
const raw = eml ? new Uint8Array(readFileSync(eml)) : phishingMessage();

const { engine } = await createDefaultEngine({ rulePacks: [] });
const scan = await engine.scan({ raw, direction: 'inbound' });
const decision = decide(scan.verdict, withDefaults({ mode: 'enforce' }));
const mail = renderAlert({
  tenantId: 'acme', tenantName: 'Acme Corp', mailbox: scan.model.recipients.to[0]?.email.email ?? 'user@corp.example', messageKey: 'msg_demo',
  receivedAt: new Date().toISOString(), verdict: scan.verdict, decision, actions: decision.action === 'none' ? [] : [{ action: decision.action, status: 'done' }],
  message: messageFacts(scan.model), dashboardUrl: messageLink('https://mailwarden.example.com', 'acme', 'msg_demo'),
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.html`, mail.html);
writeFileSync(`${out}.txt`, `Subject: ${mail.subject}\n\n${mail.text}\n`);
console.log(`verdict ${scan.verdict.verdict} (score ${scan.verdict.score.toFixed(1)}), ${scan.verdict.findings.length} findings → ${out}.html`);

if (existsSync('/usr/bin/chromium')) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'mw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 720, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(`${out}.html`).href);
    await page.screenshot({ path: `${out}.png`, fullPage: true });
    console.log(`→ ${out}.png`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
} else console.log('no /usr/bin/chromium: PNG skipped (apt-get install chromium)');
