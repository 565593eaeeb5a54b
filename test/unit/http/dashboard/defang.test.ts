import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import * as server from '../../../../src/alerts/defang.ts';
import { DASHBOARD_STATIC_DIR } from '../../../../src/http/dashboard/index.ts';

interface DashboardDefang {
  FILE_EXTENSIONS: Set<string>;
  defangText(text: string): string;
  defangHost(host: string): string;
}

// The dashboard's module is plain browser JavaScript without DOM use: Node imports it as it is.
const dashboard = (await import(pathToFileURL(join(DASHBOARD_STATIC_DIR, 'js', 'defang.js')).href)) as DashboardDefang;

/** Evidence shapes the detectors write, with what an analyst must see in the dashboard. */
const CASES: [string, string][] = [
  ['1× NL IBAN in attachment:payment-run.csv: NL**************07', '1× NL IBAN in attachment:payment-run.csv: NL**************07'],
  ['invoice.pdf.exe: dangerous_type', 'invoice.pdf.exe: dangerous_type'],
  ['Q3 report.DOCX > macro.xlsm: macros', 'Q3 report.DOCX > macro.xlsm: macros'],
  // .zip and .mov are live top-level domains: a name ending in one is defanged like any host.
  ['invoice.zip > payload.exe: dangerous_type', 'invoice[.]zip > payload.exe: dangerous_type'],
  ['display name claims paypal.com', 'display name claims paypal[.]com'],
  ['visit www.evil.example now', 'visit www[.]evil[.]example now'],
  ['link https://evil.example/login/payment-run.csv?x=a.b', 'link hxxps[://]evil[.]example/login/payment-run.csv?x=a.b'],
  ['ftp://files.evil.example/a', 'fxp[://]files[.]evil[.]example/a'],
];

describe('defanging in the dashboard (static/js/defang.js) and in alert emails (src/alerts/defang.ts)', () => {
  it('defangs URLs and host names, never file names, in the dashboard', () => {
    for (const [text, shown] of CASES) expect(dashboard.defangText(text)).toBe(shown);
  });

  it('keeps addresses as they are in the dashboard (as in the From and Return-Path facts), and their hosts with them', () => {
    expect(dashboard.defangText('Reply-To resolution.center@gmail.com differs from service@xn--payal-xye.com')).toBe('Reply-To resolution.center@gmail.com differs from service@xn--payal-xye.com');
    expect(dashboard.defangText('from a@evil.example via https://evil.example/x')).toBe('from a@evil.example via hxxps[://]evil[.]example/x');
    expect(dashboard.defangHost('198.51.100.7')).toBe('198[.]51[.]100[.]7');
    expect(dashboard.defangHost('login.paypa1.example')).toBe('login[.]paypa1[.]example');
  });

  it('alert emails defang the same way, except that addresses are defanged too (mail clients link them)', () => {
    for (const [text, shown] of CASES) expect(server.defangText(text)).toBe(shown);
    expect(server.defangText('from a@evil.example')).toBe('from a[@]evil[.]example');
  });

  it('has one list of file extensions in both places, and none of them is a top-level domain', () => {
    expect([...dashboard.FILE_EXTENSIONS].sort()).toEqual([...server.FILE_EXTENSIONS].sort());
    const tlds = [...server.FILE_EXTENSIONS].filter((ext) => parse(`name.${ext}`).isIcann);
    expect(tlds).toEqual([]);
  });
});
