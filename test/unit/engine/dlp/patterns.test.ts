import { describe, expect, it } from 'vitest';
import { cardIssuer, ibanValid, luhnValid, ninoValid, ssnValid } from '../../../../src/engine/dlp/checksums.ts';
import { MAX_HITS_PER_RULE, scanText } from '../../../../src/engine/dlp/scan-text.ts';
import { compileTenantRules } from '../../../../src/engine/dlp/tenant-rules.ts';

const rules = (text: string) => scanText(text, 'body', null).map((m) => m.rule);
const AWS = 'AKIA' + 'Q3EGRIUAT6DNB7MZ';
const GH = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe('checksums and ranges', () => {
  it('Luhn and issuer ranges', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(cardIssuer('4111111111111111')).toBe('visa');
    expect(cardIssuer('5555555555554444')).toBe('mastercard');
    expect(cardIssuer('2223003122003222')).toBe('mastercard');
    expect(cardIssuer('378282246310005')).toBe('amex');
    expect(cardIssuer('6011111111111117')).toBe('discover');
    expect(cardIssuer('3530111333300000')).toBe('jcb');
    expect(cardIssuer('9111111111111111')).toBeNull();
    expect(cardIssuer('37828224631000')).toBeNull(); // amex prefix, wrong length
  });
  it('IBAN mod-97 and country length', () => {
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(ibanValid('DE89370400440532013')).toBe(false);
  });
  it('SSN ranges and test numbers', () => {
    expect(ssnValid('536228541')).toBe(true);
    for (const bad of ['000123456', '666123456', '900123456', '536008541', '536220000', '078051120', '123456789']) expect(ssnValid(bad)).toBe(false);
  });
  it('UK NINO prefixes', () => {
    expect(ninoValid('AB 12 34 56 C')).toBe(true);
    for (const bad of ['GB123456A', 'DA123456A', 'AO123456A', 'AB123456E']) expect(ninoValid(bad)).toBe(false);
  });
});

describe('scanText fires on sensitive data', () => {
  it.each([
    ['card with spaces', 'Card: 4111 1111 1111 1111 exp 12/27', 'DLP_PAYMENT_CARD'],
    ['IBAN', 'Please pay to DE89 3704 0044 0532 0130 00 today', 'DLP_IBAN'],
    ['formatted SSN', 'Employee SSN 536-22-8541', 'DLP_US_SSN'],
    ['bare SSN after the word', 'SSN: 536228541', 'DLP_US_SSN'],
    ['NINO', 'NI number AB 12 34 56 C', 'DLP_UK_NINO'],
    ['AWS key id', `key=${AWS}`, 'DLP_AWS_ACCESS_KEY'],
    ['AWS secret', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9a8b7c6d', 'DLP_AWS_SECRET_KEY'],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow…', 'DLP_PRIVATE_KEY'],
    ['GitHub token', `token ${GH}`, 'DLP_ACCESS_TOKEN'],
    ['Slack token', 'xoxb-' + '123456789012-abcdefABCDEF', 'DLP_ACCESS_TOKEN'],
    ['JWT', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'DLP_JWT'],
    ['connection string', 'DATABASE_URL=postgres://app:s3cr3tPw@db.internal:5432/prod', 'DLP_CONNECTION_STRING'],
    ['ADO.NET', 'Server=sql01;Database=hr;User Id=sa;Password=Winter2026!;', 'DLP_CONNECTION_STRING'],
  ])('%s', (_name, text, rule) => {
    expect(rules(text)).toContain(rule);
  });
});

describe('scanText does not fire on the legitimate look-alikes', () => {
  it.each([
    ['order number that fails Luhn', 'Order 4111 1111 1111 1112 shipped'],
    ['16-digit tracking number, no issuer', 'Tracking 9400 1000 0000 0000 0000 00'],
    ['phone numbers', 'Call +1 415-555-0132 or 020 7946 0958'],
    ['IBAN with a bad checksum', 'Pay DE89 3704 0044 0532 0130 01'],
    ['SSN test number', 'SSN 078-05-1120 (the wallet number)'],
    ['bare 9 digits with no SSN context', 'Invoice 536228541 is attached'],
    ['bare 9 digits on the line after an SSN cue', 'Sample SSN from the IRS form: 078-05-1120\nInvoice 138412625 is attached'],
    ['bare 9 digits after another number following the cue', 'SSN field left blank, ref 12 then 536228541'],
    ['date-like digits', 'Meeting 2026-12-03 at 10:30, ref 123-45-6789'],
    ['AWS documentation key', 'AKIAIOSFODNN7EXAMPLE'],
    ['placeholder connection string', 'postgres://user:<password>@host/db and mysql://root:${DB_PASS}@db/x'],
    ['base64 that is not a JWT', 'eyJhbGciOiJIUzI1NiJ9x.eyJzdWIiOiIxMjM0NTY3ODkwIn0x.dozjgNryP4J3jVmNHl0w5N'],
    ['public key', '-----BEGIN PUBLIC KEY-----'],
  ])('%s', (_name, text) => {
    expect(rules(text)).toEqual([]);
  });
});

describe('one value, one rule', () => {
  it('the digit groups of a grouped IBAN that pass Luhn and an issuer range are the IBAN, not a card', () => {
    expect(rules('Please wire the deposit to IBAN FR39 9257 4577 7420 9371 3472 353')).toEqual(['DLP_IBAN']);
    // a real card next to an IBAN is still a card
    expect(rules('IBAN FR39 9257 4577 7420 9371 3472 353, card 4111 1111 1111 1111').sort()).toEqual(['DLP_IBAN', 'DLP_PAYMENT_CARD']);
  });
});

describe('masking', () => {
  it('evidence samples never contain the full value', () => {
    const secrets = ['4111111111111111', 'DE89370400440532013000', '536228541', AWS, GH, 's3cr3tPw'];
    const text = `4111-1111-1111-1111 DE89 3704 0044 0532 0130 00 SSN 536-22-8541 ${AWS} ${GH} postgres://app:s3cr3tPw@db/x`;
    const matches = scanText(text, 'body', null);
    expect(matches.length).toBeGreaterThanOrEqual(6);
    const out = JSON.stringify(matches).replace(/[\s-]/g, '');
    for (const s of secrets) expect(out).not.toContain(s);
    expect(matches.find((m) => m.rule === 'DLP_PAYMENT_CARD')?.samples).toEqual(['************1111']);
  });
});

describe('tenant patterns and word lists', () => {
  const tenant = compileTenantRules({
    patterns: [{ id: 'emp', name: 'Employee id', regex: 'EMP-[0-9]{6}', minCount: 2, keywords: ['employee', 'staff'], proximity: 40 }],
    wordLists: [{ id: 'falcon', name: 'Project Falcon', words: ['falcon', 'merger'], minCount: 3, proximity: 200 }],
  });
  it('fires at the count, with a keyword nearby', () => {
    const m = scanText('staff list: EMP-123456, EMP-654321', 'body', tenant);
    expect(m.find((x) => x.rule === 'DLP_CUSTOM_PATTERN')).toMatchObject({ count: 2, label: 'Employee id' });
    expect(JSON.stringify(m)).not.toContain('EMP-123456');
    const w = scanText('Falcon update: the merger closes; falcon board meets', 'body', tenant);
    expect(w.find((x) => x.rule === 'DLP_WORD_LIST')).toMatchObject({ count: 3 });
  });
  it('does not fire under the count, without the keyword, or when the words are far apart', () => {
    expect(scanText('staff: EMP-123456 only', 'body', tenant)).toEqual([]);
    expect(scanText('parts EMP-123456 and EMP-654321', 'body', tenant)).toEqual([]);
    expect(scanText(`falcon merger ${'x '.repeat(300)} falcon`, 'body', tenant)).toEqual([]);
    expect(scanText('falconry and mergers and falcons', 'body', tenant)).toEqual([]);
  });
  it('an invalid tenant regex fails at compile time, not during a scan', () => {
    expect(() => compileTenantRules({ patterns: [{ id: 'x', name: 'x', regex: '(unclosed' }] })).toThrow();
  });
});

describe('bounds', () => {
  it('stops counting a rule at MAX_HITS_PER_RULE candidates', () => {
    const text = '4111 1111 1111 1111 '.repeat(MAX_HITS_PER_RULE * 3);
    const card = scanText(text, 'body', null).find((m) => m.rule === 'DLP_PAYMENT_CARD');
    expect(card?.count).toBe(MAX_HITS_PER_RULE);
  });
});
