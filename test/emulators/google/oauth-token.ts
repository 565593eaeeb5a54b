import { createPublicKey, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DirectoryState } from './directory-state.ts';

/** The audience google-auth-library's gtoken puts in every JWT-bearer assertion. */
export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';

export interface ServiceAccount {
  clientEmail: string;
  clientId: string;
  publicKey: KeyObject;
}

export interface IssuedToken {
  /** The user the token acts as (domain-wide delegation `sub`), or the service account itself. */
  subject: string;
  scopes: Set<string>;
  expiresAt: number;
}

/**
 * `POST /token` for `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`: verifies the RS256 assertion
 * against the registered service account's key, its `aud` and `exp`, then checks the `sub` user exists and that
 * the customer granted this client id every requested scope. Answers like Google: 400 `invalid_grant`, 401
 * `unauthorized_client`.
 */
export class TokenIssuer {
  readonly serviceAccounts = new Map<string, ServiceAccount>();
  readonly tokens = new Map<string, IssuedToken>();
  /** Counts issued tokens, so tests can prove the connector caches them. */
  issued = 0;

  constructor(private readonly directory: DirectoryState) {}

  registerServiceAccount(clientEmail: string, clientId: string, publicKeyPem: string): void {
    this.serviceAccounts.set(clientEmail, { clientEmail, clientId, publicKey: createPublicKey(publicKeyPem) });
  }

  handle = (req: Request, res: Response): void => {
    const fail = (status: number, error: string, description: string) => void res.status(status).json({ error, error_description: description });
    const body = (req.body ?? {}) as Record<string, string>;
    if (body.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return fail(400, 'unsupported_grant_type', 'Invalid grant_type: ' + body.grant_type);
    const parts = String(body.assertion ?? '').split('.');
    if (parts.length !== 3) return fail(400, 'invalid_grant', 'Invalid JWT.');
    let header: { alg?: string };
    let claims: { iss?: string; aud?: string; exp?: number; iat?: number; scope?: string; sub?: string };
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return fail(400, 'invalid_grant', 'Invalid JWT.');
    }
    const sa = this.serviceAccounts.get(claims.iss ?? '');
    if (header.alg !== 'RS256' || !sa) return fail(400, 'invalid_grant', 'Invalid JWT Signature.');
    const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(sa.publicKey, Buffer.from(parts[2], 'base64url'));
    if (!ok) return fail(400, 'invalid_grant', 'Invalid JWT Signature.');
    const now = Math.floor(Date.now() / 1000);
    if (claims.aud !== GOOGLE_TOKEN_AUDIENCE) return fail(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.');
    if (!claims.exp || claims.exp < now || (claims.iat ?? 0) > now + 300) return fail(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.');
    const scopes = new Set(String(claims.scope ?? '').split(/\s+/).filter(Boolean));
    if (!scopes.size) return fail(400, 'invalid_scope', 'Empty or missing scope not allowed.');
    let subject = sa.clientEmail;
    if (claims.sub) {
      const user = this.directory.user(claims.sub);
      if (!user) return fail(400, 'invalid_grant', 'Invalid email or User ID');
      const granted = this.directory.customerOf(claims.sub)?.grants.get(sa.clientId);
      if (!granted || [...scopes].some((s) => !granted.has(s))) {
        return fail(401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
      }
      subject = user.primaryEmail;
    }
    const token = `ya29.emu-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { subject, scopes, expiresAt: Date.now() + 3600_000 });
    this.issued += 1;
    res.json({ access_token: token, expires_in: 3599, token_type: 'Bearer' });
  };

  lookup(authorization: string | undefined): IssuedToken | undefined {
    const m = /^Bearer (.+)$/i.exec(authorization ?? '');
    const t = m ? this.tokens.get(m[1]) : undefined;
    return t && t.expiresAt > Date.now() ? t : undefined;
  }
}
