import { createHash, X509Certificate } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleEmulator } from '../emulators/google/google-emulator.ts';
import { startM365Emulator, type M365Emulator } from '../emulators/m365/emulator.ts';
import { testTls } from '../emulators/tls/test-ca.ts';
import { freePort } from '../helpers/free-port.ts';
import { launchChromium } from './chromium.ts';
import { startDashboardService, type DashboardService } from './service.ts';

/** Chromium trusts exactly the emulators' server certificate, by the sha256 of its public key (no blanket ignore). */
function trustEmulatorCertificate(): string {
  const spki = new X509Certificate(testTls().cert).publicKey.export({ type: 'spki', format: 'der' });
  return `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`;
}

describe('"Sign in with Microsoft" in headless Chromium against the Entra ID emulator', () => {
  let m365: M365Emulator;
  let svc: DashboardService;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    m365 = await startM365Emulator();
    const { tenant } = m365.control.createTenant('contoso.example', ['erin', 'frank']);
    // The redirect URI is registered with the IdP up front, so the service gets a port chosen now.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = m365.control.createApp({ redirectUris: [`${base}/api/v1/auth/oidc/entra/callback`], secret: 'browser-oidc-secret' });
    svc = await startDashboardService({
      PORT: String(port),
      PUBLIC_URL: base,
      OIDC_ENTRA_CLIENT_ID: app.appId,
      OIDC_ENTRA_CLIENT_SECRET: 'browser-oidc-secret',
      OIDC_ENTRA_TENANT: tenant.id,
      OIDC_ENTRA_AUTHORITY: m365.url,
    });
    expect(svc.baseUrl).toBe(base);
    // Provisioned by an admin beforehand, as every MailWarden user is; the password is never used here.
    await svc.createUser('erin@contoso.example', 'unused password for erin', 'analyst');
    browser = await launchChromium(undefined, [trustEmulatorCertificate()]);
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // /auth/me answers 401 before sign-in, and the refusal page is a 403 document: both expected.
      if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) pageErrors.push(m.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
    await m365?.close();
  });

  it('shows only the configured provider on the sign-in page', async () => {
    await page.goto(svc.baseUrl);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with Google' }).count()).toBe(0);
  });

  it('signs erin in through Entra ID and lands on the dashboard as her, with her role', async () => {
    m365.entra.signInAs = 'erin@contoso.example';
    const issued = m365.entra.flow.issued;
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(m365.entra.flow.issued).toBe(issued + 1);
    expect(new URL(page.url()).origin).toBe(svc.baseUrl);
    expect(await page.locator('#who').textContent()).toBe('erin@contoso.example');
    expect(await page.locator('#tenant-select option:checked').textContent()).toBe('dev (analyst)');
    // The session works like a local one: an unsafe call with the CSRF token (sign out) succeeds.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
  });

  it('refuses an Entra ID account no admin provisioned, with a page that says so', async () => {
    m365.entra.signInAs = 'frank@contoso.example';
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('heading', { level: 1, name: 'No MailWarden account' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('frank@contoso.example');
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(pageErrors, pageErrors.join("; ")).toEqual([]);
  });
});

describe('"Sign in with Google" in headless Chromium against the Google emulator', () => {
  let google: GoogleEmulator;
  let svc: DashboardService;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;

  beforeAll(async () => {
    google = await GoogleEmulator.start();
    google.addUser('gwen@acme.example');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const client = google.signIn.registerClient([`${base}/api/v1/auth/oidc/google/callback`]);
    svc = await startDashboardService({
      PORT: String(port),
      PUBLIC_URL: base,
      OIDC_GOOGLE_CLIENT_ID: client.clientId,
      OIDC_GOOGLE_CLIENT_SECRET: client.clientSecret,
      OIDC_GOOGLE_ISSUER: google.signIn.issuer,
      OIDC_GOOGLE_HOSTED_DOMAINS: 'acme.example',
    });
    await svc.createUser('gwen@acme.example', 'unused password for gwen', 'viewer');
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
    await google?.close();
  });

  it('shows only Google, and signs gwen in as a viewer of her tenant', async () => {
    await page.goto(svc.baseUrl);
    await page.getByRole('link', { name: 'Sign in with Google' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with Microsoft' }).count()).toBe(0);
    google.signIn.signInAs = 'gwen@acme.example';
    await page.getByRole('link', { name: 'Sign in with Google' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await page.locator('#who').textContent()).toBe('gwen@acme.example');
    expect(await page.locator('#tenant-select option:checked').textContent()).toBe('dev (viewer)');
    expect(google.signIn.flow.issued).toBe(1);
  });
});
