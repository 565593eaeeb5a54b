import { describe, expect, it } from 'vitest';
import { orgUnitAndParents } from '../../../../connectors/google/directory.ts';
import type { GraphApi } from '../../../../connectors/m365/graph-api.ts';
import { groupsOfUsers } from '../../../../connectors/m365/user-groups.ts';
import { AppError } from '../../../../src/core/errors.ts';

/** A GraphApi stand-in answering transitiveMemberOf per user from a table, or with an error. */
function fakeApi(answer: (userId: string, url: string) => unknown): GraphApi {
  return {
    call: async (key: string, _what: string, fn: (client: unknown) => Promise<unknown>) =>
      fn({ api: (url: string) => ({ get: async () => answer(key, url) }) }),
  } as unknown as GraphApi;
}

describe('Entra ID group memberships for per-group policy', () => {
  it('reads each user\'s groups, following @odata.nextLink', async () => {
    const api = fakeApi((user, url) => {
      if (user === 'u1' && !url.includes('page2')) return { value: [{ id: 'g-b' }], '@odata.nextLink': '/users/u1/transitiveMemberOf/microsoft.graph.group?page2' };
      if (user === 'u1') return { value: [{ id: 'g-a' }] };
      return { value: [] };
    });
    expect(await groupsOfUsers(api, ['u1', 'u2'])).toEqual(new Map([['u1', ['g-a', 'g-b']], ['u2', []]]));
  });

  it('without the permission to read memberships the groups are unknown (null), not "none"', async () => {
    const api = fakeApi(() => {
      throw new AppError('forbidden', 'Authorization_RequestDenied: Insufficient privileges');
    });
    expect(await groupsOfUsers(api, ['u1', 'u2'])).toBeNull();
  });

  it('a user deleted since the listing has no groups; other errors are not swallowed', async () => {
    expect(await groupsOfUsers(fakeApi(() => { throw new AppError('not_found', 'gone'); }), ['u1'])).toEqual(new Map([['u1', []]]));
    await expect(groupsOfUsers(fakeApi(() => { throw new AppError('provider_unavailable', 'down', { retryable: true }); }), ['u1'])).rejects.toMatchObject({ code: 'provider_unavailable' });
  });
});

describe('Google organisational units as groups', () => {
  it('a user\'s unit and every unit above it, so a policy group naming a parent unit covers its sub-units', () => {
    expect(orgUnitAndParents('/Finance/Payroll')).toEqual(['/Finance/Payroll', '/Finance', '/']);
    expect(orgUnitAndParents('/')).toEqual(['/']);
  });
});
