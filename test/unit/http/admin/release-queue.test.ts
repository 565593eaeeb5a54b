import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedMemoryStore } from '../../../../connectors/memory/index.ts';
import { AppError } from '../../../../src/core/errors.ts';
import { drained, signIn, startHarness, type Harness } from './harness.ts';

type Results = { results: { messageKey: string; status: string; jobId?: string; detail?: string }[] };

describe('quarantine release through the remediate queue', () => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    h = await startHarness();
    await h.addUser('soc@both.example', { tA: 'analyst', tB: 'analyst' });
    admin = await signIn(h.base, 'soc@both.example');
  });
  afterAll(async () => {
    await h?.close();
  });

  const messageIdOf = async (key: string) => (await h.rt.store.messages.get(key))!.message_id;
  const releaseOf = async (key: string) => (await h.rt.store.actions.forMessage(key)).find((a) => a.action === 'release');
  const auditActions = async (key: string) => (await h.rt.store.actions.auditFor(key)).map((a) => a.action);
  const held = async (tenant: string) => ((await (await admin.fetch(`/tenants/${tenant}/quarantine`)).json()) as { items: { messageKey: string; actions: { action: string; status: string }[] }[] }).items;

  it('answers 202 at once and retries a throttled provider until the release is done', async () => {
    const key = h.messageKey.tA;
    const id = await messageIdOf(key);
    const callsBefore = sharedMemoryStore.count('remediate', id);
    sharedMemoryStore.injectFault('remediate', () => new AppError('throttled', 'slow down', { retryAfterMs: 5 }), 2);
    const res = await admin.fetch(`/tenants/tA/messages/${key}/release`, { method: 'POST', body: { reason: 'false positive' } });
    expect(res.status).toBe(202);
    const body = (await res.json()) as Results;
    expect(body.results).toEqual([{ messageKey: key, status: 'queued', jobId: expect.any(String) }]);
    await drained(h.rt);
    expect(sharedMemoryStore.count('remediate', id) - callsBefore).toBe(3);
    expect(await releaseOf(key)).toMatchObject({ status: 'done', id: body.results[0]!.jobId });
    expect(sharedMemoryStore.location('tA', 'u1', id)).toBe('inbox');
    expect(await held('tA')).toEqual([]);
    const audit = await auditActions(key);
    expect(audit.filter((a) => a === 'release.requested')).toHaveLength(1);
    expect(audit.filter((a) => a === 'release')).toHaveLength(1);
    // Asking again once it is back in the inbox changes nothing and queues nothing.
    const again = (await (await admin.fetch(`/tenants/tA/messages/${key}/release`, { method: 'POST', body: { reason: 'twice' } })).json()) as Results;
    expect(again.results[0]).toMatchObject({ status: 'released', detail: 'already released' });
    await drained(h.rt);
    expect(sharedMemoryStore.count('remediate', id) - callsBefore).toBe(3);
  });

  it('dead-letters a release the provider refuses, shows it failed and still held, and runs it again when asked', async () => {
    const key = h.messageKey.tB;
    const id = await messageIdOf(key);
    sharedMemoryStore.injectFault('remediate', () => new AppError('forbidden', 'access denied by policy'), 1);
    const res = await admin.fetch('/tenants/tB/quarantine/release', { method: 'POST', body: { messageKeys: [key], reason: 'false positive' } });
    expect(res.status).toBe(202);
    const { results } = (await res.json()) as Results;
    await drained(h.rt);
    expect(await releaseOf(key)).toMatchObject({ status: 'failed', detail: 'forbidden after 1 attempt(s)' });
    const dead = await h.rt.store.deadLetters.get('remediate', results[0]!.jobId!);
    expect(dead).toMatchObject({ errorCode: 'forbidden', attempts: 1 });
    expect(sharedMemoryStore.location('tB', 'u1', id)).toBe('quarantine');
    const still = await held('tB');
    expect(still.map((i) => i.messageKey)).toEqual([key]);
    expect(still[0]!.actions).toContainEqual(expect.objectContaining({ action: 'release', status: 'failed' }));
    expect(await auditActions(key)).toContain('release.failed');

    const retry = (await (await admin.fetch('/tenants/tB/quarantine/release', { method: 'POST', body: { messageKeys: [key], reason: 'second try' } })).json()) as Results;
    expect(retry.results[0]).toMatchObject({ status: 'queued', jobId: results[0]!.jobId });
    await drained(h.rt);
    expect(await releaseOf(key)).toMatchObject({ status: 'done' });
    expect(sharedMemoryStore.location('tB', 'u1', id)).toBe('inbox');
    expect(await held('tB')).toEqual([]);
  });
});
