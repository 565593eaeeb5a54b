import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '../../../../src/http/auth/oidc-identity.ts';
import type { OidcProvider } from '../../../../src/http/auth/oidc-providers.ts';

const TID = '0b1c2d3e-0000-4000-8000-000000000001';
const base = { label: '', issuer: new URL('https://idp.example'), clientId: 'c', clientSecret: 's', redirectUri: 'https://mw.example/cb', scope: 'openid', configuration: () => Promise.reject(new Error('unused')) };
const entra: OidcProvider = { ...base, id: 'entra', allowedTenants: new Set([TID]), hostedDomains: new Set() };
const google: OidcProvider = { ...base, id: 'google', allowedTenants: new Set(), hostedDomains: new Set() };
const googleAcme: OidcProvider = { ...google, hostedDomains: new Set(['acme.example']) };

describe('identity from verified ID token claims', () => {
  it('Entra ID: tid:oid as the subject, preferred_username as the email, only from allowed directories', () => {
    expect(identityFromClaims(entra, { tid: TID, oid: 'OID-1', preferred_username: 'Alice@Contoso.example' })).toEqual({ provider: 'entra', subject: `${TID}:oid-1`, email: 'alice@contoso.example' });
    expect(identityFromClaims(entra, { tid: '99999999-0000-4000-8000-000000000009', oid: 'x', preferred_username: 'alice@contoso.example' })).toMatchObject({ reason: 'tenant_not_allowed' });
    expect(identityFromClaims(entra, { oid: 'x', preferred_username: 'alice@contoso.example' })).toMatchObject({ reason: 'tenant_not_allowed' });
    expect(identityFromClaims(entra, { tid: TID, preferred_username: 'alice@contoso.example' })).toMatchObject({ reason: 'email_unverified' });
  });

  it('Google: a verified email whose domain the Workspace (hd) vouches for, or gmail.com', () => {
    expect(identityFromClaims(google, { sub: '1', email: 'gina@acme.example', email_verified: true, hd: 'acme.example' })).toEqual({ provider: 'google', subject: '1', email: 'gina@acme.example' });
    expect(identityFromClaims(google, { sub: '2', email: 'dan@gmail.com', email_verified: true })).toMatchObject({ provider: 'google' });
    // A consumer Google account registered under a company address: Google verified the mailbox, not the company.
    expect(identityFromClaims(google, { sub: '3', email: 'ceo@acme.example', email_verified: true })).toMatchObject({ reason: 'domain_not_allowed' });
    expect(identityFromClaims(google, { sub: '4', email: 'gina@acme.example', email_verified: true, hd: 'other.example' })).toMatchObject({ reason: 'domain_not_allowed' });
    expect(identityFromClaims(google, { sub: '5', email: 'gina@acme.example', email_verified: false, hd: 'acme.example' })).toMatchObject({ reason: 'email_unverified' });
    expect(identityFromClaims(google, { sub: '6', email: 'gina@acme.example', email_verified: 'true', hd: 'acme.example' })).toMatchObject({ reason: 'email_unverified' });
  });

  it('Google with OIDC_GOOGLE_HOSTED_DOMAINS: only those Workspaces, not gmail.com', () => {
    expect(identityFromClaims(googleAcme, { sub: '1', email: 'gina@acme.example', email_verified: true, hd: 'acme.example' })).toMatchObject({ provider: 'google' });
    expect(identityFromClaims(googleAcme, { sub: '2', email: 'dan@gmail.com', email_verified: true })).toMatchObject({ reason: 'domain_not_allowed' });
    expect(identityFromClaims(googleAcme, { sub: '3', email: 'eve@evil.example', email_verified: true, hd: 'evil.example' })).toMatchObject({ reason: 'domain_not_allowed' });
  });
});
