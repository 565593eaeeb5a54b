import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../connectors/memory/index.ts';
import { launchChromium } from '../../browser/chromium.ts';
import { legitMessage, phishingMessage } from '../../browser/messages.ts';
import { DEV_TENANT, startDashboardService, type DashboardService } from '../../browser/service.ts';
import { waitFor } from './split-service.ts';

const EMAIL = 'viewer@dev.local';
const ADMIN = 'admin@dev.local';
const PASSWORD = 'correct horse battery staple';

interface MailboxItem {
  address: string;
  protection: string;
  protectionDetail: string | null;
  hold: { state: string | null };
}

/**
 * The mode in force per mailbox through the real service (all roles in one process, memory provider): the admin
 * API lists it, the dashboard's mailboxes table shows it in Chromium, and dev-ingested mail goes through the hold.
 */
describe('protection mode per mailbox: admin API and dashboard (hold, post-delivery, monitor, broken, off)', () => {
  let svc: DashboardService;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let cookie = '';
  const list = async (): Promise<MailboxItem[]> => ((await (await fetch(`${svc.baseUrl}/api/v1/tenants/${DEV_TENANT}/mailboxes`, { headers: { cookie } })).json()) as { items: MailboxItem[] }).items;
  const mode = async (address: string) => (await list()).find((m) => m.address === address)?.protection;

  beforeAll(async () => {
    svc = await startDashboardService({ HOLD_MAX_WAIT_SECONDS: '20' });
    await svc.createUser(EMAIL, PASSWORD, 'viewer');
    await svc.createUser(ADMIN, PASSWORD, 'admin');
    const { store } = svc.runtime;
    const add = async (address: string, inStore = true, enabled = true) => {
      await store.mailboxes.upsert({ tenantId: DEV_TENANT, provider: 'memory', mailboxId: address, address, enabled });
      if (inStore) sharedMemoryStore.addMailbox(DEV_TENANT, address, address);
    };
    await add('alex@dev.local');
    await add('pd@dev.local');
    await add('lab@dev.local');
    // Known to MailWarden but gone from the provider: installing its hold fails on every sweep.
    await add('gone@dev.local', false);
    await add('left@dev.local', true, false);
    await store.tenants.setPolicy(DEV_TENANT, {
      mode: 'enforce',
      hold: true,
      groups: [
        { id: 'no-hold', members: ['pd@dev.local'], overrides: { hold: false } },
        { id: 'lab', members: ['lab@dev.local'], overrides: { mode: 'monitor' } },
      ],
    });
    const login = await fetch(`${svc.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    expect(login.status).toBe(200);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('the admin API lists each mailbox with the mode in force and, when it is not as configured, why', async () => {
    await waitFor(async () => (await mode('alex@dev.local')) === 'hold' && (await mode('gone@dev.local')) === 'broken', 30_000, 'hold installed and the failure recorded');
    const items = Object.fromEntries((await list()).map((m) => [m.address, m]));
    expect(items['alex@dev.local']).toMatchObject({ protection: 'hold', protectionDetail: null, hold: { state: 'installed' } });
    expect(items['pd@dev.local']).toMatchObject({ protection: 'post-delivery', protectionDetail: null });
    expect(items['lab@dev.local']).toMatchObject({ protection: 'monitor', protectionDetail: null });
    expect(items['gone@dev.local']).toMatchObject({ protection: 'broken', hold: { state: 'failed' } });
    expect(items['gone@dev.local']!.protectionDetail).toMatch(/^hold install failed: mailbox_unavailable/);
    expect(items['left@dev.local']).toMatchObject({ protection: 'off' });
    expect(sharedMemoryStore.mailbox(DEV_TENANT, 'alex@dev.local')!.hold).toBe(true);
    expect(sharedMemoryStore.mailbox(DEV_TENANT, 'pd@dev.local')!.hold).toBe(false);
    expect(sharedMemoryStore.mailbox(DEV_TENANT, 'lab@dev.local')!.hold).toBe(false);
  });

  it('the dashboard mailboxes table shows the same modes, with the reason for the broken one', async () => {
    await page.goto(svc.baseUrl);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.goto(`${svc.baseUrl}/#/tenants`);
    const table = page.getByRole('table', { name: 'Mailboxes' });
    await table.waitFor();
    const badge = (address: string) => table.getByRole('row').filter({ hasText: address }).locator('.badge');
    expect(await badge('alex@dev.local').textContent()).toBe('hold');
    expect(await badge('pd@dev.local').textContent()).toBe('post-delivery');
    expect(await badge('lab@dev.local').textContent()).toBe('monitor');
    expect(await badge('gone@dev.local').textContent()).toBe('broken');
    expect(await badge('left@dev.local').textContent()).toBe('off');
    expect(await table.getByRole('row').filter({ hasText: 'gone@dev.local' }).textContent()).toContain('hold install failed');
    expect(await badge('alex@dev.local').getAttribute('class')).toContain('mode-hold');
  });

  it('mail into the held mailbox waits in the hold; the legitimate one reaches the inbox, the phishing one quarantine', async () => {
    const legit = await svc.deliver(legitMessage(1), 'alex@dev.local');
    const phish = await svc.deliver(phishingMessage(1), 'alex@dev.local');
    const box = sharedMemoryStore.mailbox(DEV_TENANT, 'alex@dev.local')!;
    const [legitId, phishId] = [...box.messages.keys()].slice(-2);
    const { store } = svc.runtime;
    await waitFor(async () => Boolean((await store.messages.verdict(legit)) && (await store.messages.verdict(phish))), 30_000, 'verdicts');
    await waitFor(() => box.messages.get(legitId!)!.location === 'inbox' && box.messages.get(phishId!)!.location === 'quarantine', 20_000, 'released and quarantined');
    // each action is recorded right after the provider call
    const actions = async (k: string) => (await store.actions.forMessage(k)).map((a) => `${a.action}:${a.status}`).join();
    await waitFor(async () => (await actions(legit)) === 'hold_release:done' && (await actions(phish)) === 'quarantine:done', 10_000, 'actions recorded');
  });

  it('an admin switches the inline hold off in the policy editor: the version says so, the rule goes, the mode follows', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(ADMIN);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policy' }).waitFor();
    const hold = page.locator('#p-hold');
    expect(await hold.isChecked()).toBe(true);
    const versions = page.locator('#policy-versions tbody tr');
    const before = await versions.count();
    await hold.uncheck();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => versions.count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await versions.first().textContent()).toContain('inline hold on → off');
    // the groups the form does not show went back unchanged
    const stored = JSON.parse((await svc.runtime.store.db.selectFrom('tenants').select('policy').where('id', '=', DEV_TENANT).executeTakeFirstOrThrow()).policy!) as { hold: boolean; groups: unknown[] };
    expect(stored).toMatchObject({ hold: false, groups: [{ id: 'no-hold' }, { id: 'lab' }] });
    await waitFor(async () => (await mode('alex@dev.local')) === 'post-delivery', 30_000, 'hold removed by the scheduler');
    expect(sharedMemoryStore.mailbox(DEV_TENANT, 'alex@dev.local')!.hold).toBe(false);
  });
});
