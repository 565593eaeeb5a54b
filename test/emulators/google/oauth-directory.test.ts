import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { delegatedJwt } from '../../../connectors/google/auth.ts';
import { startGoogleWorld, type GoogleWorld } from './google-world.ts';

// The emulator's OAuth endpoint and Directory, spoken to by google-auth-library's JWT and googleapis' clients.
let w: GoogleWorld;
beforeAll(async () => {
  w = await startGoogleWorld({ userCount: 6 });
});
afterAll(() => w.emu.close());

const GMAIL = ['https://mail.google.com/'];
const tokenError = async (p: Promise<unknown>) => {
  const err = (await p.then(() => null, (e: unknown) => e)) as { response?: { status: number; data: { error: string } } } | null;
  return err?.response ? { status: err.response.status, error: err.response.data.error } : null;
};

describe('OAuth token endpoint (JWT bearer, domain-wide delegation)', () => {
  it('issues a token for a delegated user and the Gmail API accepts it', async () => {
    const jwt = delegatedJwt(w.sa, w.users[1], GMAIL, w.emu.tokenUrl);
    const gmail = new gmail_v1.Gmail({ auth: jwt as never, rootUrl: w.emu.url });
    const profile = await gmail.users.getProfile({ userId: 'me' });
    expect(profile.data.emailAddress).toBe(w.users[1]);
    expect(Number(profile.data.historyId)).toBeGreaterThan(0);
  });

  it('refuses a scope the admin did not grant with 401 unauthorized_client', async () => {
    const jwt = delegatedJwt(w.sa, w.users[1], ['https://www.googleapis.com/auth/gmail.send'], w.emu.tokenUrl);
    expect(await tokenError(jwt.authorize())).toEqual({ status: 401, error: 'unauthorized_client' });
  });

  it('refuses an unknown user with invalid_grant, and an assertion signed by another key', async () => {
    expect(await tokenError(delegatedJwt(w.sa, `ghost@${w.domain}`, GMAIL, w.emu.tokenUrl).authorize())).toEqual({ status: 400, error: 'invalid_grant' });
    const forgedKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = delegatedJwt({ client_email: w.sa.client_email, private_key: forgedKey }, w.users[1], GMAIL, w.emu.tokenUrl);
    expect(await tokenError(forged.authorize())).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('refuses once the customer revokes delegation, and grants again after re-consent', async () => {
    w.emu.revokeDelegation(w.domain, w.sa.client_id);
    expect(await tokenError(delegatedJwt(w.sa, w.users[2], GMAIL, w.emu.tokenUrl).authorize())).toEqual({ status: 401, error: 'unauthorized_client' });
    w.emu.grantDelegation(w.domain, w.sa.client_id, ['https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.settings.basic', 'https://www.googleapis.com/auth/admin.directory.user.readonly']);
    const ok = await delegatedJwt(w.sa, w.users[2], GMAIL, w.emu.tokenUrl).authorize();
    expect(ok.access_token).toMatch(/^ya29\./);
  });

  it('a token for one user cannot read another user\'s mailbox (Delegation denied)', async () => {
    const gmail = new gmail_v1.Gmail({ auth: delegatedJwt(w.sa, w.users[1], GMAIL, w.emu.tokenUrl) as never, rootUrl: w.emu.url });
    const err = await gmail.users.getProfile({ userId: w.users[2] }).then(() => null, (e: { status: number }) => e);
    expect(err?.status).toBe(403);
    expect((await gmail.users.getProfile({ userId: w.users[1] })).status).toBe(200);
  });
});

describe('Admin SDK Directory users.list', () => {
  const directoryAs = (subject: string) => new admin_directory_v1.Admin({
    auth: delegatedJwt(w.sa, subject, ['https://www.googleapis.com/auth/admin.directory.user.readonly'], w.emu.tokenUrl) as never,
    rootUrl: w.emu.url,
  });

  it('pages through every user of my_customer', async () => {
    const dir = directoryAs(w.admin);
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await dir.users.list({ customer: 'my_customer', maxResults: 3, pageToken });
      seen.push(...(res.data.users ?? []).map((u) => u.primaryEmail!));
      pageToken = res.data.nextPageToken ?? undefined;
      pages += 1;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...w.users].sort());
  });

  it('answers 403 to a non-admin subject', async () => {
    const err = await directoryAs(w.users[1]).users.list({ customer: 'my_customer' }).then(() => null, (e: { status: number }) => e);
    expect(err?.status).toBe(403);
  });
});
