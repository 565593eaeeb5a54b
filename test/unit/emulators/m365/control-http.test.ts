import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startM365Emulator, type M365Emulator } from '../../../emulators/m365/emulator.ts';
import { createTestTenant, mime, type TestTenant } from '../../../emulators/m365/test-tenant.ts';
import { rejection, sdkFor } from './sdk.ts';

describe('m365 emulator: control API over HTTP', () => {
  let emu: M365Emulator;
  let t: TestTenant;
  beforeAll(async () => {
    emu = await startM365Emulator();
    t = createTestTenant(emu, { users: 1 });
  });
  afterAll(async () => emu.close());

  const ctl = (path: string, body?: unknown) => fetch(`${emu.url}/_control/${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('delivers MIME, injects faults, reports stats', async () => {
    const u = t.users[0];
    const res = await ctl('deliver', { user: u.mail, mimeBase64: Buffer.from(mime({ to: u.mail, subject: 'via http' })).toString('base64') });
    expect(res.status).toBe(201);
    const { immutableId } = (await res.json()) as { immutableId: string };
    expect(emu.control.folderOf(immutableId)).toBe('inbox');
    expect((await ctl('faults', { kind: '503', count: 1 })).status).toBe(204);
    const client = sdkFor(t.connection).client;
    expect((await rejection(client.api(`/users/${u.id}/messages`).get())).statusCode).toBe(503);
    expect((await client.api(`/users/${u.id}/messages`).get()).value).toHaveLength(1);
    const stats = (await (await ctl('stats')).json()) as { requests: number };
    expect(stats.requests).toBe(2);
    expect((await ctl('nope', {})).status).toBe(404);
    expect((await ctl('deliver', {})).status).toBe(400);
  });
});
