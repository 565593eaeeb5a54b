import type { Request } from 'express';
import type { DirectoryState } from './directory-state.ts';
import { errors } from './google-errors.ts';
import type { TokenIssuer } from './oauth-token.ts';
import type { QuotaMeter } from './quota.ts';

export const SCOPES = {
  full: 'https://mail.google.com/',
  modify: 'https://www.googleapis.com/auth/gmail.modify',
  readonly: 'https://www.googleapis.com/auth/gmail.readonly',
  metadata: 'https://www.googleapis.com/auth/gmail.metadata',
  labels: 'https://www.googleapis.com/auth/gmail.labels',
  insert: 'https://www.googleapis.com/auth/gmail.insert',
  send: 'https://www.googleapis.com/auth/gmail.send',
  compose: 'https://www.googleapis.com/auth/gmail.compose',
  settingsBasic: 'https://www.googleapis.com/auth/gmail.settings.basic',
  directoryUserReadonly: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  directoryUser: 'https://www.googleapis.com/auth/admin.directory.user',
} as const;

/**
 * Authenticates a Gmail call: a live bearer token, one of the method's scopes, the path's `userId` being the
 * token's subject (`me` or the address; anything else is "Delegation denied"), the mailbox existing and its
 * Gmail service enabled, then the per-user quota.
 */
export class ApiGuard {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly directory: DirectoryState,
    readonly quota: QuotaMeter,
  ) {}

  gmail(req: Request, method: string, scopesAnyOf: string[]): { user: string; scopes: Set<string> } {
    const token = this.tokens.lookup(req.headers.authorization);
    if (!token) throw errors.unauthenticated();
    const userId = String(req.params.userId ?? 'me').toLowerCase();
    if (userId !== 'me' && userId !== token.subject) throw errors.delegationDenied(userId);
    if (!scopesAnyOf.some((s) => token.scopes.has(s))) throw errors.insufficientScopes();
    const user = this.directory.user(token.subject);
    if (!user || user.suspended || this.directory.customerOf(token.subject)?.gmailDisabled.has(user.primaryEmail)) {
      throw errors.mailServiceNotEnabled();
    }
    const refused = this.quota.charge(token.subject, method);
    if (refused) throw refused;
    return { user: token.subject, scopes: token.scopes };
  }

  /** The scopes of the request's token (already authenticated by `gmail`). */
  scopesOf(req: Request): Set<string> {
    return this.tokens.lookup(req.headers.authorization)?.scopes ?? new Set();
  }

  directoryAdmin(req: Request): { admin: string } {
    const token = this.tokens.lookup(req.headers.authorization);
    if (!token) throw errors.unauthenticated();
    if (!token.scopes.has(SCOPES.directoryUserReadonly) && !token.scopes.has(SCOPES.directoryUser)) throw errors.insufficientScopes();
    const user = this.directory.user(token.subject);
    if (!user?.isAdmin) throw errors.notAuthorized();
    const refused = this.quota.charge(token.subject, 'users.list');
    if (refused) throw refused;
    return { admin: token.subject };
  }
}
