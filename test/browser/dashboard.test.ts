import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLP_BUILTINS, policyStorePort, updatePolicy } from '../../src/policy/index.ts';
import { launchChromium, watchedPage } from './chromium.ts';
import { legitMessage, phishingMessage } from './messages.ts';
import { startDashboardService, type DashboardService } from './service.ts';

const EMAIL = 'analyst@dev.local';
const PASSWORD = 'correct horse battery staple';
const M365_APP = '11111111-2222-3333-4444-555555555555';
/** Real phishing subjects are hostile: markup in one must stay text (and long ones must not stretch the row). */
const HOSTILE_SUBJECT = '<img src=x onerror=alert(1)> Mailbox storage full: verify your account now to avoid suspension of your email';

/** Polls the dev route until the message's recorded state satisfies `ok` (the pipeline is asynchronous). */
interface DevState {
  verdict: { verdict: string } | null;
  actions: { action: string; status: string }[];
}

async function until(svc: DashboardService, key: string, ok: (s: DevState) => boolean): Promise<DevState> {
  const end = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${svc.baseUrl}/dev/messages/${encodeURIComponent(key)}`);
    if (res.ok) {
      const s = (await res.json()) as DevState;
      if (ok(s)) return s;
    }
    if (Date.now() > end) throw new Error(`message ${key} never reached the expected state`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dashboard in headless Chromium, end to end against the real service', () => {
  let svc: DashboardService;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    // An Entra ID app is configured so the "Connect Microsoft 365" route is mounted (its consent redirect is checked below).
    svc = await startDashboardService({ M365_CLIENT_ID: M365_APP, M365_CLIENT_SECRET: 'browser-test-secret-value', ONBOARDING_BASE_URL: 'https://mailwarden.example' });
    await svc.createUser(EMAIL, PASSWORD, 'analyst');
    browser = await launchChromium();
    ({ page, pageErrors } = await watchedPage(browser.context));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('rejects a wrong password, then signs in through the form', async () => {
    await page.goto(svc.baseUrl);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong email or password');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await page.locator('#who').textContent()).toBe(EMAIL);
  });

  it('shows a phishing detection arriving live, and not the legitimate look-alike', async () => {
    await page.getByRole('link', { name: 'Detections' }).click();
    await page.getByRole('heading', { level: 1, name: 'Detections' }).waitFor();
    await page.locator('#live-status.on').waitFor();
    // A marker on window survives only if the page is never reloaded: the row must come over SSE.
    await page.evaluate(() => ((globalThis as unknown as { __mwMarker: number }).__mwMarker = 42));
    const legitKey = await svc.deliver(legitMessage(1));
    await until(svc, legitKey, (s) => s.verdict?.verdict === 'clean');
    const phishKey = await svc.deliver(phishingMessage(1));
    const row = page.locator(`#detections-list tr[data-key="${phishKey}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('class')).toContain('fresh');
    expect(await row.locator('.badge').textContent()).toBe('phishing');
    expect(await page.evaluate(() => (globalThis as unknown as { __mwMarker?: number }).__mwMarker)).toBe(42);
    expect(await page.locator(`#detections-list tr[data-key="${legitKey}"]`).count()).toBe(0);
    await until(svc, phishKey, (s) => s.actions.some((a) => a.action === 'quarantine' && a.status === 'done'));
    await row.getByRole('link', { name: /Open/ }).click();
    await page.locator('#message-verdict .badge').waitFor();
    expect(await page.locator('#message-verdict .badge').textContent()).toBe('phishing');
    expect(await page.locator('#message-action').textContent()).toContain('quarantine · done');
    // Findings with evidence, the defanged link (never a live anchor), authentication results, raw headers.
    expect(await page.getByRole('cell', { name: 'LOOKALIKE_BRAND_DOMAIN' }).count()).toBe(1);
    const links = await page.locator('code.url').allTextContents();
    expect(links.some((l) => l.includes('198[.]51[.]100[.]7') || l.includes('hxxp'))).toBe(true);
    expect(await page.locator('main a[href*="198.51.100.7"]').count()).toBe(0);
    // One rule on the page: URLs and host names defanged (link domains too), addresses shown as they are, in the
    // facts and in the evidence alike; the only anchors lead within the dashboard.
    expect(await page.getByRole('cell', { name: '198[.]51[.]100[.]7', exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('.facts').textContent()).toContain('<service@xn--payal-xye.com>');
    const evidence = (await page.locator('.evidence').allTextContents()).join('\n');
    expect(evidence).toContain('@');
    expect(evidence).not.toContain('[@]');
    for (const href of await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) expect(href.startsWith('#/')).toBe(true);
    expect(await page.locator('.auth-list li').count()).toBeGreaterThan(0);
    expect(await page.locator('pre.headers').textContent()).toContain('Reply-To: resolution.center@gmail.com');

    await page.getByRole('button', { name: 'Release to inbox' }).click();
    await expect.poll(() => page.locator('#message-action').textContent(), { timeout: 10_000 }).toContain('release · done');
    await until(svc, phishKey, (s) => s.actions.some((a) => a.action === 'release' && a.status === 'done'));

    await page.getByRole('link', { name: 'Audit log' }).click();
    const entry = page.locator('#audit-list tr[data-action="release"]');
    await entry.first().waitFor();
    expect(await entry.count()).toBe(1);
    const text = await entry.textContent();
    expect(text).toContain(phishKey);
    expect(text).toContain(`admin:${EMAIL}`);
    expect(await page.locator('#audit-list tr[data-action="release"] a').getAttribute('href')).toBe(`#/message/${encodeURIComponent(phishKey)}`);
    expect(pageErrors).toEqual([]);
  }, 45_000);

  it('quarantine review: bulk release-and-allow of selected messages only, with audit entries', async () => {
    const keys = [await svc.deliver(phishingMessage(2), 'sam@dev.local'), await svc.deliver(phishingMessage(3), 'sam@dev.local'), await svc.deliver(phishingMessage(4), 'sam@dev.local')];
    for (const k of keys) await until(svc, k, (s) => s.actions.some((a) => a.action === 'quarantine' && a.status === 'done'));
    await page.getByRole('link', { name: 'Quarantine' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quarantine' }).waitFor();
    // The message released in the previous test is no longer held; the three new ones are.
    for (const k of keys) await page.locator(`tr[data-key="${k}"]`).waitFor();
    expect(await page.locator('tbody tr[data-key]').count()).toBe(3);
    expect(await page.locator('#q-release-allow').isDisabled()).toBe(true);
    await page.locator(`tr[data-key="${keys[0]}"] input[type=checkbox]`).check();
    await page.locator(`tr[data-key="${keys[1]}"] input[type=checkbox]`).check();
    expect(await page.locator('#q-count').textContent()).toBe('2 selected');
    await page.locator('#q-release-allow').click();
    await expect.poll(() => page.locator('tbody tr[data-key]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(`tr[data-key="${keys[2]}"]`).count()).toBe(1);
    for (const k of keys.slice(0, 2)) await until(svc, k, (s) => s.actions.some((a) => a.action === 'release' && a.status === 'done'));
    const third = await until(svc, keys[2]!, () => true);
    expect(third.actions.some((a) => a.action === 'release')).toBe(false);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.locator('#audit-list table').waitFor();
    expect(await page.locator('#audit-list tr[data-action="release"]').count()).toBe(3);
    const allowed = page.locator('#audit-list tr[data-action="sender.allow"]');
    // One allow entry per released message (the same sender twice: the allow list itself keeps it once).
    expect(await allowed.count()).toBe(2);
    for (const t of await allowed.allTextContents()) expect(t).toContain('service@xn--payal-xye.com');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('subjects: a column in Detections and Quarantine, hostile markup shown as text, cut with an ellipsis, searchable', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const key = await svc.deliver(phishingMessage(9, HOSTILE_SUBJECT), 'sam@dev.local');
    await until(svc, key, (s) => s.actions.some((a) => a.action === 'quarantine' && a.status === 'done'));
    await page.getByRole('link', { name: 'Detections' }).click();
    const row = page.locator(`#detections-list tr[data-key="${key}"]`);
    await row.waitFor();
    const subject = row.locator('.subject');
    expect(await subject.textContent()).toBe(HOSTILE_SUBJECT);
    expect(await subject.getAttribute('title')).toBe(HOSTILE_SUBJECT);
    expect(await row.locator('img').count()).toBe(0);
    expect(await row.locator('.sender').textContent()).toBe('service@xn--payal-xye.com');
    // One line, cut: the text overflows its box and CSS draws the ellipsis.
    const box = await subject.evaluate((el) => ({ overflow: (globalThis as unknown as { getComputedStyle(e: unknown): { textOverflow: string } }).getComputedStyle(el).textOverflow, clipped: el.scrollWidth > el.clientWidth, height: el.getBoundingClientRect().height }));
    expect(box).toMatchObject({ overflow: 'ellipsis', clipped: true });
    expect(box.height).toBeLessThan(30);
    // The search runs on the server, over subjects and senders.
    expect(await page.locator('#detections-list tbody tr').count()).toBeGreaterThan(1);
    await page.locator('#f-search').fill('ONERROR=alert');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#detections-list tbody tr').count()).toBe(1);
    expect(await page.locator('#detections-list tbody tr').getAttribute('data-key')).toBe(key);
    await page.locator('#f-search').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#detections-list tbody tr').count()).toBeGreaterThan(1);

    await page.getByRole('link', { name: 'Quarantine' }).click();
    const held = page.locator(`tr[data-key="${key}"]`);
    await held.waitFor();
    expect(await held.locator('.subject').textContent()).toBe(HOSTILE_SUBJECT);
    expect(await held.locator('.subject').getAttribute('title')).toBe(HOSTILE_SUBJECT);
    expect(await held.locator('img').count()).toBe(0);
    // A message without a vault copy (clean, never moved) is titled by the subject the scan recorded.
    const clean = await svc.deliver(legitMessage(7), 'sam@dev.local');
    await until(svc, clean, (s) => s.verdict?.verdict === 'clean');
    await page.goto(`${svc.baseUrl}/#/message/${clean}`);
    await page.getByRole('heading', { level: 1, name: 'Your receipt #7' }).waitFor();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('"Connect Microsoft 365" sends a platform admin to Entra ID admin consent for our app, with a signed state', async () => {
    await svc.createUser('ops@dev.local', PASSWORD, 'owner', '*');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('ops@dev.local');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // A second tab of the same session follows the button; Entra ID is not reachable from a test, so the
    // navigation to it is stopped there and its URL inspected.
    const tab = await browser.context.newPage();
    await tab.route('https://login.microsoftonline.com/**', (r) => r.abort());
    await tab.goto(`${svc.baseUrl}/#/tenants`);
    const consent = tab.waitForRequest((r) => r.url().startsWith('https://login.microsoftonline.com/'));
    await tab.getByRole('link', { name: 'Connect Microsoft 365' }).click();
    const url = new URL((await consent).url());
    expect(url.pathname).toBe('/organizations/adminconsent');
    expect(url.searchParams.get('client_id')).toBe(M365_APP);
    expect(url.searchParams.get('redirect_uri')).toBe('https://mailwarden.example/onboard/m365/callback');
    expect(url.searchParams.get('state')?.length ?? 0).toBeGreaterThan(16);
    await tab.close();
  });

  it('policy editor: an admin changes an action, the version list and the audit log record before → after', async () => {
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policy' }).waitFor();
    // Release-and-allow (previous test) already wrote versions: the sender joined the allow list.
    const versions = page.locator('#policy-versions tbody tr');
    const before = await versions.count();
    expect(await page.locator('#p-allow').inputValue()).toContain('service@xn--payal-xye.com');
    await page.locator('#p-spam').selectOption('quarantine');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => versions.count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await versions.first().textContent()).toContain('admin:ops@dev.local');
    expect(await versions.first().locator('td').last().textContent()).toBe('spam: junk → quarantine');
    const stored = await svc.runtime.store.db.selectFrom('tenants').select('policy').where('id', '=', 'dev').executeTakeFirstOrThrow();
    const saved = JSON.parse(stored.policy!);
    expect(saved.actions.spam).toBe('quarantine');
    // Fields the form does not show survive the save (PUT replaces the whole policy).
    expect(saved.allow.addresses).toContain('service@xn--payal-xye.com');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.locator('#audit-list tr[data-action="policy.update"]').first().waitFor();
    // Newest first: the edit, then the allow-list updates of the bulk release.
    expect(await page.locator('#audit-list tr[data-action="policy.update"]').first().textContent()).toContain('admin:ops@dev.local');
    expect(pageErrors).toEqual([]);
  });

  it('policy page shows the DLP part (built-ins, incident actions, the tenant\'s patterns and word lists) and saves DLP edits', async () => {
    const { policy } = (await svc.runtime.store.tenants.get('dev'))!;
    await updatePolicy(policyStorePort(svc.runtime.store), 'dev', {
      ...policy,
      dlp: {
        ...policy.dlp,
        builtins: { DLP_JWT: { enabled: false, action: 'audit' } },
        incidentActions: ['alert'],
        patterns: [{ id: 'project-code', name: 'Project codes', regex: 'PRJ-[0-9]{6}', keywords: ['project'], proximity: 50, minCount: 2, action: 'notify' }],
        wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon', 'talon', 'aerie'], action: 'block' }],
      },
    }, 'ops@dev.local', 'DLP set up for the test');
    await page.goto(`${svc.baseUrl}/#/overview`);
    await page.getByRole('link', { name: 'Policy' }).click();
    const dlp = page.locator('#policy-dlp');
    await dlp.waitFor();
    expect(await dlp.locator('tr[data-builtin]').count()).toBe(DLP_BUILTINS.length);
    expect(await page.locator('#dlp-on-DLP_JWT').isChecked()).toBe(false);
    expect(await page.locator('#dlp-on-DLP_IBAN').isChecked()).toBe(true);
    expect(await page.locator('#dlp-action-DLP_IBAN').inputValue()).toBe('audit');
    expect(await dlp.locator('tr[data-builtin="DLP_IBAN"]').textContent()).toContain('IBAN (valid mod-97');
    expect(await page.locator('#dlp-incident-alert').isChecked()).toBe(true);
    expect(await page.locator('#dlp-incident-removeSentCopy').isChecked()).toBe(false);
    expect(await page.locator('#dlp-provider-rules').isChecked()).toBe(true);
    const pattern = (await dlp.locator('tr[data-pattern="project-code"]').textContent()) ?? '';
    for (const part of ['Project codes', 'PRJ-[0-9]{6}', 'project (within 50 characters)', 'notify']) expect(pattern).toContain(part);
    expect(await dlp.locator('tr[data-word-list="falcon"]').textContent()).toContain('falcon, talon, aerie');

    const versions = page.locator('#policy-versions tbody tr');
    const before = await versions.count();
    await page.locator('#dlp-action-DLP_IBAN').selectOption('block');
    await page.locator('#dlp-on-DLP_US_SSN').uncheck();
    await page.locator('#dlp-incident-notifySender').check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => versions.count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await versions.first().locator('td').last().textContent()).toBe('DLP_IBAN: audit → block; DLP_US_SSN off; DLP incidents: alert → alert, notifySender');
    const stored = await svc.runtime.store.db.selectFrom('tenants').select('policy').where('id', '=', 'dev').executeTakeFirstOrThrow();
    const saved = JSON.parse(stored.policy!).dlp;
    expect(saved.builtins).toEqual({ DLP_JWT: { enabled: false, action: 'audit' }, DLP_IBAN: { enabled: true, action: 'block' }, DLP_US_SSN: { enabled: false, action: 'audit' } });
    expect(saved.incidentActions).toEqual(['alert', 'notifySender']);
    // What the form only shows comes back unchanged.
    expect(saved.patterns.map((x: { id: string }) => x.id)).toEqual(['project-code']);
    expect(saved.wordLists[0].words).toEqual(['falcon', 'talon', 'aerie']);
    expect(pageErrors).toEqual([]);
  });
});
