import { createHash, randomBytes } from 'node:crypto';
import { SigningKey } from './signing-key.ts';

/** What an authorization request asked for, kept under the code it earned. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  /** The emulated user who "signed in" (emulator-specific id). */
  userRef: string;
  nonce: string | null;
  codeChallenge: string;
  expiresAt: number;
}

/** How a test makes the next ID token wrong, to prove the relying party refuses it. */
export type IdTokenTamper = { claims?: Record<string, unknown>; forgeSignature?: boolean };

/**
 * The parts of an OpenID provider both emulators share: one-time authorization codes bound to client, redirect
 * URI and PKCE challenge (S256 only, as Entra ID and Google enforce for public-style flows), the signing key,
 * and a one-shot tamper hook for negative tests.
 */
export class CodeFlow {
  readonly key = new SigningKey();
  private readonly codes = new Map<string, CodeGrant>();
  /** Applied to the next ID token only, then cleared. */
  tamperNext: IdTokenTamper | null = null;
  /** Number of ID tokens issued, so tests can see the flow really reached the token endpoint. */
  issued = 0;

  /** Checks the authorization request; returns an OAuth error code, or null when it may proceed. */
  static requestProblem(q: URLSearchParams): string | null {
    if (q.get('response_type') !== 'code') return 'unsupported_response_type';
    if (!(q.get('scope') ?? '').split(' ').includes('openid')) return 'invalid_scope';
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return 'invalid_request';
    if (!q.get('state')) return 'invalid_request';
    return null;
  }

  issueCode(grant: Omit<CodeGrant, 'expiresAt'>): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...grant, expiresAt: Date.now() + 60_000 });
    return code;
  }

  /** Redeems a code once; returns the grant or an OAuth error code (`invalid_grant` for every mismatch). */
  redeem(form: URLSearchParams, clientId: string): CodeGrant | string {
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.expiresAt < Date.now()) return 'invalid_grant';
    if (grant.clientId !== clientId || grant.redirectUri !== form.get('redirect_uri')) return 'invalid_grant';
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) return 'invalid_grant';
    return grant;
  }

  /** Signs the ID token, applying (and clearing) any tamper the test set. */
  idToken(claims: Record<string, unknown>): string {
    const tamper = this.tamperNext;
    this.tamperNext = null;
    this.issued += 1;
    const final = { ...claims, ...tamper?.claims };
    return tamper?.forgeSignature ? this.key.forge(final) : this.key.sign(final);
  }
}
