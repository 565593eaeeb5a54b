import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../connectors/memory/index.ts';
import { AppError } from '../../src/core/errors.ts';
import { launchChromium, signInToDashboard, watchedPage } from './chromium.ts';
import { phishingMessage } from './messages.ts';
import { DEV_TENANT, startDashboardService, type DashboardService } from './service.ts';

const EMAIL = 'releaser@dev.local';
const PASSWORD = 'correct horse battery staple';

/** Waits until the pipeline recorded `action` with `status` for the message (read from the store). */
async function untilAction(svc: DashboardService, key: string, action: string, status: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await svc.runtime.store.actions.forMessage(key)).some((a) => a.action === action && a.status === status)) {
    if (Date.now() > end) throw new Error(`${key}: no ${action} ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dashboard: releases run in the remediate queue and the pages follow their state', () => {
  let svc: DashboardService;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    svc = await startDashboardService();
    await svc.createUser(EMAIL, PASSWORD, 'analyst');
    browser = await launchChromium();
    ({ page, pageErrors } = await watchedPage(browser.context));
    await signInToDashboard(page, svc.baseUrl, EMAIL, PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('message page: shows the release queued while the provider is throttled, then done', async () => {
    const key = await svc.deliver(phishingMessage(21), 'rita@dev.local');
    await untilAction(svc, key, 'quarantine', 'done');
    // The provider asks us to come back in 1.5 s: the release waits in the queue meanwhile.
    sharedMemoryStore.injectFault('remediate', () => new AppError('throttled', 'slow down', { retryAfterMs: 1500 }), 1);
    await page.goto(`${svc.baseUrl}/#/message/${encodeURIComponent(key)}`);
    await page.getByRole('button', { name: 'Release to inbox' }).click();
    await expect.poll(() => page.locator('#message-pending').textContent(), { timeout: 5_000 }).toBe('release queued…');
    expect(await page.getByRole('button', { name: 'Release to inbox' }).count()).toBe(0);
    await expect.poll(() => page.locator('#message-action').textContent(), { timeout: 10_000 }).toContain('release · done');
    expect(await page.locator('#message-pending').count()).toBe(0);
    const id = (await svc.runtime.store.messages.get(key))!.message_id;
    expect(sharedMemoryStore.location(DEV_TENANT, 'rita@dev.local', id)).toBe('inbox');
  }, 45_000);

  it('quarantine page: a dead-lettered release shows as failed and stays held; asking again releases it', async () => {
    const key = await svc.deliver(phishingMessage(22), 'rita@dev.local');
    await untilAction(svc, key, 'quarantine', 'done');
    sharedMemoryStore.injectFault('remediate', () => new AppError('forbidden', 'application access policy'), 1);
    await page.getByRole('link', { name: 'Quarantine' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quarantine' }).waitFor();
    const row = page.locator(`tr[data-key="${key}"]`);
    await row.locator('input[type=checkbox]').check();
    await page.locator('#q-release').click();
    await untilAction(svc, key, 'release', 'failed');
    await expect.poll(() => row.locator('[data-release]').getAttribute('data-release'), { timeout: 10_000 }).toBe('failed');
    expect(await row.textContent()).toContain('release failed');
    await row.locator('input[type=checkbox]').check();
    await page.locator('#q-release').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await untilAction(svc, key, 'release', 'done');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.locator('#audit-list table').waitFor();
    expect(await page.locator('#audit-list tr[data-action="release.failed"]').count()).toBe(1);
    expect(await page.locator('#audit-list tr[data-action="release.requested"]').count()).toBe(3);
    expect(pageErrors).toEqual([]);
  }, 45_000);
});
