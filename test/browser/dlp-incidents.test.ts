import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlpIncidentsRepo, type NewDlpIncident } from '../../src/store/dlp-incidents-repo.ts';
import { launchChromium, signInToDashboard, watchedPage } from './chromium.ts';
import { DLP_VALUES, sensitiveOutboundMessage } from './messages.ts';
import { DEV_TENANT, startDashboardService, type DashboardService } from './service.ts';

const EMAIL = 'dlp-analyst@dev.local';
const PASSWORD = 'correct horse battery staple';
const HOSTILE_SUBJECT = 'Invoice <img src=x onerror="window.__pwned=1">';

const incident = (messageKey: string, over: Partial<NewDlpIncident> = {}): NewDlpIncident => ({
  tenantId: DEV_TENANT, messageKey, provider: 'memory', mailboxId: 'alex', mailboxAddress: 'alex@dev.local', messageId: `m-${messageKey}`,
  sender: 'alex@dev.local', recipients: ['buyer@partner.example', 'ap@partner.example', 'cfo@partner.example'], subject: HOSTILE_SUBJECT,
  rules: [{ rule: 'DLP_PAYMENT_CARD', description: 'Payment card number (Luhn-valid, known issuer range) in outbound mail', count: 2, evidence: ['2× visa card in body: ************4242'] }],
  ...over,
});

describe('dashboard DLP page in headless Chromium: incidents with masked evidence, actions taken, triage', () => {
  let svc: DashboardService;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let pageErrors: string[] = [];
  let cardId = '';

  beforeAll(async () => {
    svc = await startDashboardService();
    await svc.createUser(EMAIL, PASSWORD, 'analyst');
    const repo = dlpIncidentsRepo(svc.runtime.store.db);
    cardId = (await repo.open(incident('dlp-card'))).id;
    await repo.recordAction(cardId, DEV_TENANT, 'alert', 'done', 'sent to 1 address');
    await repo.recordAction(cardId, DEV_TENANT, 'removeSentCopy', 'monitor', 'would remove the sent copy (monitor mode)');
    await new Promise((r) => setTimeout(r, 5));
    await repo.open(incident('dlp-key', { sender: 'sam@dev.local', subject: 'deploy notes', rules: [{ rule: 'DLP_AWS_ACCESS_KEY', description: 'AWS access key id in outbound mail', count: 1, evidence: ['1× AWS access key id in body: AKIA…[20 chars]'] }] }));
    browser = await launchChromium();
    ({ page, pageErrors } = await watchedPage(browser.context));
    await signInToDashboard(page, svc.baseUrl, EMAIL, PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('lists incidents with masked evidence, recipients and the actions taken; hostile subjects stay text', async () => {
    await page.getByRole('link', { name: 'DLP incidents' }).click();
    await page.getByRole('heading', { level: 1, name: 'DLP incidents' }).waitFor();
    const row = page.locator(`#dlp-list tr[data-incident="${cardId}"]`);
    await row.waitFor();
    expect(await page.locator('#dlp-list tbody tr').count()).toBe(2);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('************4242');
    expect(text).toContain('DLP_PAYMENT_CARD');
    expect(text).toContain('buyer@partner.example, ap@partner.example +1');
    expect(text).toContain('security alerted · done');
    expect(text).toContain('sent copy removed · monitor');
    expect(text).toContain(HOSTILE_SUBJECT);
    expect(await row.locator('img').count()).toBe(0);
    expect(await row.locator('[data-status]').textContent()).toBe('open');
    // The server-side rule filter.
    await page.locator('#dlp-rule').fill('DLP_AWS_ACCESS_KEY');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#dlp-list tbody tr').count()).toBe(1);
    expect(await page.locator('#dlp-list tbody').textContent()).toContain('AKIA…[20 chars]');
    await page.locator('#dlp-rule').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#dlp-list tbody tr').count()).toBe(2);
  });

  it('opens an incident and an analyst acknowledges it with a note: status, note and audit entry shown', async () => {
    await page.locator(`#dlp-list tr[data-incident="${cardId}"] a.open`).click();
    await page.getByRole('heading', { level: 1, name: /DLP incident/ }).waitFor();
    expect(await page.locator('#incident-actions').textContent()).toContain('security alerted · done');
    await page.locator('#triage-status').selectOption('acknowledged');
    await page.locator('#triage-note').fill('card cancelled with the bank');
    await page.locator('#triage-save').click();
    await expect.poll(() => page.locator('#incident-status [data-status]').textContent()).toBe('acknowledged');
    expect(await page.locator('#incident-status').textContent()).toContain(EMAIL);
    await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('card cancelled with the bank');
    expect(await page.locator('main table').last().textContent()).toContain('dlp-incident-status');
    expect((await dlpIncidentsRepo(svc.runtime.store.db).get(DEV_TENANT, cardId))?.status).toBe('acknowledged');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('outbound mail with a card number and IBANs opens incidents through the real scan worker; pages show masked values only', async () => {
    const cardKey = await svc.deliver(sensitiveOutboundMessage(0), 'sam@dev.local', 'outbound');
    const ibanKey = await svc.deliver(sensitiveOutboundMessage(1), 'finance@dev.local', 'outbound');
    await svc.settled([cardKey, ibanKey]);
    const repo = dlpIncidentsRepo(svc.runtime.store.db);
    const [card, iban] = [await repo.forMessage(cardKey), await repo.forMessage(ibanKey)];
    expect(card?.rules.map((r) => [r.rule, r.count])).toEqual([['DLP_PAYMENT_CARD', 1]]);
    expect(iban?.rules.map((r) => [r.rule, r.count])).toEqual([['DLP_IBAN', 3]]);
    await page.goto(`${svc.baseUrl}/#/dlp`);
    const row = page.locator(`#dlp-list tr[data-incident="${card!.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(`************${DLP_VALUES.card.slice(-4)}`);
    await page.goto(`${svc.baseUrl}/#/dlp/${iban!.id}/${DEV_TENANT}`);
    await page.getByRole('heading', { level: 1, name: /Payment run #1/ }).waitFor();
    const evidence = (await page.locator('main table').first().textContent()) ?? '';
    // A file name is a file name: not defanged (csv is no top-level domain), unlike URLs and host names.
    expect(evidence).toContain('NL IBAN in attachment:payment-run.csv: NL');
    expect(evidence).not.toContain('[.]');
    for (const text of [evidence, (await page.locator('main').textContent()) ?? '']) {
      for (const raw of Object.values(DLP_VALUES)) expect(text.replace(/\s/g, '')).not.toContain(raw.slice(4, 12));
    }
    expect(pageErrors).toEqual([]);
  });

  it('an analyst sees the DLP part of the policy read-only', async () => {
    await page.goto(`${svc.baseUrl}/#/policy`);
    const dlp = page.locator('#policy-dlp');
    await dlp.waitFor();
    expect(await dlp.locator('tr[data-builtin="DLP_PAYMENT_CARD"]').textContent()).toContain('Payment card number');
    expect(await page.locator('#dlp-on-DLP_PAYMENT_CARD').isDisabled()).toBe(true);
    expect(await page.locator('#dlp-action-DLP_PAYMENT_CARD').isDisabled()).toBe(true);
    expect(await page.locator('#dlp-incident-alert').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save policy' }).count()).toBe(0);
    expect(await dlp.textContent()).toContain('No patterns of your own.');
    expect(pageErrors).toEqual([]);
  });
});
