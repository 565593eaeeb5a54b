import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brandDomainMap, loadLists, parseListText } from '../../../../src/engine/lists/index.ts';

describe('shipped lists', () => {
  const lists = loadLists();
  it('carry real free-mail providers and shorteners, not corporate domains', () => {
    const free = lists.get('free_email_providers');
    expect(free.size).toBeGreaterThanOrEqual(150);
    for (const d of ['gmail.com', 'outlook.com', 'yahoo.co.jp', 'gmx.de', 'proton.me']) expect(free.has(d)).toBe(true);
    for (const d of ['microsoft.com', 'google.com', 'paypal.com']) expect(free.has(d)).toBe(false);
    const short = lists.get('url_shorteners');
    expect(short.size).toBeGreaterThanOrEqual(100);
    expect(short.has('bit.ly')).toBe(true);
    expect(short.has('github.com')).toBe(false);
  });

  it('map brands to their real root domains', () => {
    const brands = brandDomainMap(lists);
    expect(brands.size).toBeGreaterThanOrEqual(80);
    expect(brands.get('paypal')).toContain('paypal.com');
    expect(brands.get('docusign')).toContain('docusign.net');
    expect(brands.get('dhl')).toContain('dhl.com');
    expect(lists.get('brand_names').has('microsoft')).toBe(true);
    expect(lists.get('brand_root_domains').has('paypal-login.com')).toBe(false);
  });

  it('carry file extension lists and suspicious TLDs', () => {
    expect(lists.get('file_extensions_executables').has('exe')).toBe(true);
    expect(lists.get('file_extensions_executables').has('pdf')).toBe(false);
    expect(lists.get('file_extensions_macros').has('docm')).toBe(true);
    expect(lists.get('file_extensions_common_archives').has('zip')).toBe(true);
    expect(lists.get('suspicious_tlds').has('top')).toBe(true);
    expect(lists.get('suspicious_tlds').has('com')).toBe(false);
  });

  it('reads unknown lists as empty', () => {
    expect(lists.has('bad_domains')).toBe(false);
    expect(lists.get('bad_domains').size).toBe(0);
  });
});

describe('list folders', () => {
  it('merges every *.txt of a user folder over the shipped lists, skipping comments and other files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-lists-'));
    writeFileSync(join(dir, 'free_email_providers.txt'), '# extra\nExample-Free.TEST\n\n');
    writeFileSync(join(dir, 'bad_domains.txt'), 'evil.example\r\nworse.example\r\n');
    writeFileSync(join(dir, 'notes.md'), 'not a list');
    mkdirSync(join(dir, 'sub.txt'));
    const lists = loadLists({ folders: [dir] });
    expect(lists.get('free_email_providers').has('example-free.test')).toBe(true);
    expect(lists.get('free_email_providers').has('gmail.com')).toBe(true);
    expect([...lists.get('bad_domains')]).toEqual(['evil.example', 'worse.example']);
    expect(lists.has('notes')).toBe(false);
    expect(lists.names()).toContain('bad_domains');
  });

  it('reads rank,entry .csv lists under their file name, their manifest identifier and the rules\' alias', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-lists-'));
    writeFileSync(join(dir, 'tranco_top_10k.csv'), '1,Google.com\n2,example.org\n');
    writeFileSync(join(dir, 'hosts.txt'), 'files.example\n');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ lists: [{ file: 'hosts.txt', identifier: 'free_file_hosts' }] }));
    const lists = loadLists({ folders: [dir], shipped: false });
    expect([...lists.get('tranco_top_10k')]).toEqual(['google.com', 'example.org']);
    expect(lists.get('tranco_10k').has('example.org')).toBe(true);
    expect(lists.get('free_file_hosts').has('files.example')).toBe(true);
    expect(lists.get('hosts').has('files.example')).toBe(true);
    expect(lists.has('1')).toBe(false);
  });

  it('can leave the shipped lists out and take lists in code', () => {
    const lists = loadLists({ shipped: false, extra: { vip_names: ['Jane Doe'] } });
    expect(lists.has('free_email_providers')).toBe(false);
    expect(lists.get('vip_names').has('jane doe')).toBe(true);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => loadLists({ folders: ['/nonexistent/mw-lists'] })).toThrow();
  });

  it('parses one value per line', () => {
    expect([...parseListText(' a \n#b\n\nC\n')]).toEqual(['a', 'c']);
  });
});
