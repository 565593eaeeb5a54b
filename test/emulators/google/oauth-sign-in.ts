import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CodeFlow } from '../oidc/code-flow.ts';
import type { DirectoryState } from './directory-state.ts';

/** An OAuth client (Google Cloud console → Credentials → OAuth client ID, type "Web application"). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

/**
 * "Sign in with Google" (OpenID Connect): `/.well-known/openid-configuration`, `/o/oauth2/v2/auth` answering at
 * once with a code for the user a test chose, `authorization_code` on the shared `/token` endpoint, and the
 * JWK Set at `/oauth2/v3/certs`. ID tokens carry what Google's do: `sub`, `email`, `email_verified`, `hd` for
 * Workspace accounts, `nonce`, `azp`.
 */
export class GoogleSignIn {
  readonly flow = new CodeFlow();
  readonly clients = new Map<string, OAuthClient>();
  /** Email of the user the next authorize request signs in as; null = the user cancels. */
  signInAs: string | null = null;
  /** Consumer accounts (gmail.com style): no `hd`, and `email_verified` as given. Keyed by lower-case email. */
  readonly consumers = new Map<string, { sub: string; emailVerified: boolean }>();

  constructor(private readonly directory: DirectoryState, private readonly baseUrl: () => string) {}

  /** The issuer, like `https://accounts.google.com`: no trailing slash. */
  get issuer(): string {
    return this.baseUrl().replace(/\/+$/, '');
  }

  registerClient(redirectUris: string[]): OAuthClient {
    const client = { clientId: `${randomBytes(6).readUIntBE(0, 6)}-emu.apps.googleusercontent.com`, clientSecret: `GOCSPX-${randomBytes(18).toString('base64url')}`, redirectUris };
    this.clients.set(client.clientId, client);
    return client;
  }

  discovery = (_req: Request, res: Response): void => {
    const i = this.issuer;
    res.json({
      issuer: i,
      authorization_endpoint: `${i}/o/oauth2/v2/auth`,
      token_endpoint: `${i}/token`,
      jwks_uri: `${i}/oauth2/v3/certs`,
      response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'none'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'picture', 'sub'],
      code_challenge_methods_supported: ['plain', 'S256'],
    });
  };

  certs = (_req: Request, res: Response): void => {
    res.set('cache-control', 'public, max-age=19000, must-revalidate, no-transform').json(this.flow.key.jwks());
  };

  authorize = (req: Request, res: Response): void => {
    const q = new URLSearchParams(req.url.split('?')[1] ?? '');
    const client = this.clients.get(q.get('client_id') ?? '');
    const redirect = q.get('redirect_uri') ?? '';
    if (!client) return void res.status(401).type('text/plain').send('Error 401: invalid_client. The OAuth client was not found.');
    if (!client.redirectUris.includes(redirect)) return void res.status(400).type('text/plain').send('Error 400: redirect_uri_mismatch');
    const target = new URL(redirect);
    const back = (params: Record<string, string>) => {
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      if (q.get('state') !== null) target.searchParams.set('state', q.get('state')!);
      res.redirect(302, target.toString());
    };
    const problem = CodeFlow.requestProblem(q);
    if (problem) return back({ error: problem });
    const who = this.signInAs?.toLowerCase();
    const known = who && (this.directory.user(who) || this.consumers.has(who));
    if (!who || !known) return back({ error: 'access_denied' });
    back({ code: `4/${this.flow.issueCode({ clientId: client.clientId, redirectUri: redirect, userRef: who, nonce: q.get('nonce'), codeChallenge: q.get('code_challenge')! })}`, scope: q.get('scope') ?? '' });
  };

  /** Mounted before the JWT-bearer handler on POST /token: takes only `authorization_code`. */
  token = (req: Request, res: Response, next: NextFunction): void => {
    const body = (req.body ?? {}) as Record<string, string>;
    if (body.grant_type !== 'authorization_code') return next();
    const basic = /^Basic (.+)$/i.exec(req.get('authorization') ?? '');
    const [basicId, basicSecret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
    const clientId = body.client_id ?? basicId ?? '';
    const client = this.clients.get(clientId);
    if (!client || client.clientSecret !== (body.client_secret ?? basicSecret)) return void res.status(401).json({ error: 'invalid_client', error_description: 'Unauthorized' });
    const form = new URLSearchParams(body);
    form.set('code', String(body.code ?? '').replace(/^4\//, ''));
    const grant = this.flow.redeem(form, clientId);
    if (typeof grant === 'string') return void res.status(400).json({ error: grant, error_description: 'Bad Request' });
    const email = grant.userRef;
    const workspace = this.directory.user(email);
    const consumer = this.consumers.get(email);
    const now = Math.floor(Date.now() / 1000);
    const idToken = this.flow.idToken({
      iss: this.issuer,
      azp: clientId,
      aud: clientId,
      sub: workspace?.id ?? consumer?.sub,
      ...(workspace ? { hd: email.split('@')[1] } : {}),
      email,
      email_verified: workspace ? true : (consumer?.emailVerified ?? false),
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      name: workspace?.name.fullName ?? email,
      iat: now,
      exp: now + 3599,
    });
    res.json({ access_token: `ya29.emu-${randomBytes(24).toString('base64url')}`, expires_in: 3599, scope: 'openid https://www.googleapis.com/auth/userinfo.email', token_type: 'Bearer', id_token: idToken });
  };
}
