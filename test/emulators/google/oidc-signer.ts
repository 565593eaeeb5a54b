import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Signs Pub/Sub push OIDC tokens the way Google does (RS256, `kid` header, iss https://accounts.google.com,
 * `aud` = the subscription's audience, `email` = the push service account), and serves the public keys in
 * the shape of https://www.googleapis.com/oauth2/v1/certs (`{kid: PEM}`), which OAuth2Client.verifyIdToken
 * reads when its `endpoints.oauth2FederatedSignonPemCertsUrl` points here.
 */
export class OidcSigner {
  readonly kid = randomBytes(20).toString('hex');
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  certs(): Record<string, string> {
    return { [this.kid]: this.publicKeyPem };
  }

  sign(claims: { aud: string; email: string; sub: string }, options: { lifetimeSec?: number; issuedAtSec?: number } = {}): string {
    const iat = options.issuedAtSec ?? Math.floor(Date.now() / 1000);
    const payload = {
      aud: claims.aud,
      azp: claims.sub,
      email: claims.email,
      email_verified: true,
      exp: iat + (options.lifetimeSec ?? 3600),
      iat,
      iss: 'https://accounts.google.com',
      sub: claims.sub,
    };
    return signJwt({ alg: 'RS256', kid: this.kid, typ: 'JWT' }, payload, this.privateKey);
  }
}

/** Compact JWS with RS256; exported so tests can forge tokens with their own keys. */
export function signJwt(header: object, payload: object, key: KeyObject | string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  const sig = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${sig}`;
}
