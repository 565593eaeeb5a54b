import { createHash, createSign, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * The RS256 key an emulated identity provider signs ID tokens with, published as a JWK Set the way Entra ID
 * (`/discovery/v2.0/keys`) and Google (`/oauth2/v3/certs`) publish theirs: `kty`, `use`, `alg`, `kid`, `n`, `e`.
 */
export class SigningKey {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicJwk: JsonWebKey;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicJwk = pair.publicKey.export({ format: 'jwk' });
    this.kid = createHash('sha256').update(String(this.publicJwk.n)).digest('base64url').slice(0, 27) + randomBytes(2).toString('hex');
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: this.kid, n: this.publicJwk.n, e: this.publicJwk.e }] };
  }

  /** Compact JWS, RS256, with this key's `kid`. */
  sign(claims: object): string {
    return signRs256({ alg: 'RS256', kid: this.kid, typ: 'JWT' }, claims, this.privateKey);
  }

  /** Signs with a key nobody published but under this key's `kid`: a forgery the relying party must refuse. */
  forge(claims: object): string {
    const rogue = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return signRs256({ alg: 'RS256', kid: this.kid, typ: 'JWT' }, claims, rogue);
  }
}

function signRs256(header: object, payload: object, key: KeyObject): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}
