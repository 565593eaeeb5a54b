import { z } from 'zod';
import { apiTokensRepo } from '../../store/api-tokens-repo.ts';
import { usersRepo } from '../../store/users-repo.ts';
import { hashPassword } from '../auth/password.ts';
import { actorOf, atLeast } from '../auth/principal.ts';
import { newSecret, secretHash, TOKEN_PREFIX } from '../auth/secrets.ts';
import { route } from './route.ts';
import { MemberBody, MemberParams, Ok, Role, TenantParams, TokenBody, TokenParams } from './schemas.ts';

const Member = z.object({ id: z.string(), email: z.string(), disabled: z.boolean(), createdAt: z.string(), role: Role });
const Token = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });

export const memberRoutes = [
  route({
    method: 'get', path: '/tenants/:tenantId/members', tag: 'users', minRole: 'admin', summary: 'Users of the tenant and their roles',
    params: TenantParams, response: z.object({ items: z.array(Member) }),
    handler: async ({ deps, tenantId }) => ({ items: await usersRepo(deps.store.db).members(tenantId) }),
  }),
  route({
    method: 'post', path: '/tenants/:tenantId/members', tag: 'users', minRole: 'admin', summary: 'Add a user to the tenant (creating a local account when new) or change their role',
    params: TenantParams, body: MemberBody, status: 201, response: Member,
    async handler({ deps, tenantId, principal, body, res }) {
      // Nobody grants more than they hold: an admin cannot make owners.
      if (!atLeast(principal.memberships.get(tenantId), body.role)) return void res.status(403).json({ error: 'forbidden', need: body.role });
      const users = usersRepo(deps.store.db);
      let user = await users.byEmail(body.email);
      if (!user) user = await users.create(body.email, body.password ? await hashPassword(body.password) : null);
      await users.grant(user.id, tenantId, body.role);
      await deps.store.actions.audit({ tenantId, actor: actorOf(principal), action: 'member.grant', target: `user:${user.email}`, reason: `role ${body.role}` });
      return { ...user, role: body.role };
    },
  }),
  route({
    method: 'delete', path: '/tenants/:tenantId/members/:userId', tag: 'users', minRole: 'admin', summary: 'Remove a user from the tenant',
    params: MemberParams, response: Ok,
    async handler({ deps, tenantId, principal, params, res }) {
      const users = usersRepo(deps.store.db);
      const target = (await users.members(tenantId)).find((m) => m.id === params.userId);
      if (!target) return null;
      if (!atLeast(principal.memberships.get(tenantId), target.role)) return void res.status(403).json({ error: 'forbidden', need: target.role });
      await users.revoke(params.userId, tenantId);
      await deps.store.actions.audit({ tenantId, actor: actorOf(principal), action: 'member.revoke', target: `user:${target.email}`, reason: 'removed' });
      return { ok: true as const };
    },
  }),
];

export const tokenRoutes = [
  route({
    method: 'get', path: '/me/tokens', tag: 'tokens', minRole: 'viewer', summary: "The caller's API tokens (never the secret)",
    response: z.object({ items: z.array(Token) }),
    handler: async ({ deps, principal }) => ({ items: await apiTokensRepo(deps.store.db).list(principal.userId) }),
  }),
  route({
    method: 'post', path: '/me/tokens', tag: 'tokens', minRole: 'viewer', summary: 'Create an API token; the secret is shown once',
    body: TokenBody, status: 201, response: Token.extend({ token: z.string() }),
    async handler({ deps, principal, body }) {
      const secret = newSecret(TOKEN_PREFIX);
      const t = await apiTokensRepo(deps.store.db).create(principal.userId, body.name, secretHash(secret));
      for (const tenantId of principal.memberships.keys()) await deps.store.actions.audit({ tenantId, actor: actorOf(principal), action: 'token.create', target: `token:${t.id}`, reason: body.name });
      return { ...t, token: secret };
    },
  }),
  route({
    method: 'delete', path: '/me/tokens/:tokenId', tag: 'tokens', minRole: 'viewer', summary: 'Revoke one of the caller\'s API tokens',
    params: TokenParams, response: Ok,
    async handler({ deps, principal, params }) {
      if (!(await apiTokensRepo(deps.store.db).revoke(principal.userId, params.tokenId))) return null;
      for (const tenantId of principal.memberships.keys()) await deps.store.actions.audit({ tenantId, actor: actorOf(principal), action: 'token.revoke', target: `token:${params.tokenId}`, reason: 'revoked' });
      return { ok: true as const };
    },
  }),
];
