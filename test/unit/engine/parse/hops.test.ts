import { describe, expect, it } from 'vitest';
import { buildEml } from '../../../helpers/build-eml.ts';
import { parse } from './parse-helper.ts';

describe('hops, ids and header lists', () => {
  it('makes one hop per Received header, topmost first, with its Authentication-Results', async () => {
    const m = await parse(
      buildEml({
        headers: [
          ['Received', 'from mail-qt1.google.com (mail-qt1.google.com [209.85.160.178]) by mx.google.com with ESMTPS id x1; Mon, 1 Jan 2024 10:00:02 +0000'],
          ['Authentication-Results', 'mx.google.com; spf=pass smtp.mailfrom=example.com'],
          ['Received', 'from a3.domain ([20.97.213.223]) by smtp.gmail.com with ESMTPSA id q5-2020.40.2023.07.26.10.59.04; Mon, 1 Jan 2024 10:00:01 +0000'],
          ['Received', 'from PH7PR19MB6592.namprd19.prod.outlook.com (2603:10b6:510:1b3::9) by MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Mon, 1 Jan 2024 10:00:00 +0000'],
          ['X-Originating-IP', '[198.51.100.23]'],
          ['Reply-To', 'Billing <billing@freemail.example>'],
          ['Return-Path', '<bounce@bounces.example.net>'],
          ['X-Mailer', 'PHPMailer 6.0'],
          ['In-Reply-To', '<prev@example.com>'],
          ['References', '<a@example.com> <prev@example.com>'],
        ],
        text: 'x',
      }),
    );
    const hops = m.headers.hops;
    expect(hops.length).toBe(3);
    expect(hops[0]!.index).toBe(0);
    expect(hops[0]!.received).toMatchObject({ server_name: 'mx.google.com', source_ip: '209.85.160.178', time: 'Mon, 1 Jan 2024 10:00:02 +0000' });
    expect(hops[0]!.authentication_results).toMatchObject({ server_name: 'mx.google.com', spf: { pass: true } });
    expect(hops[1]!.received!.source_ip).toBe('20.97.213.223');
    expect(hops[1]!.authentication_results).toBeNull();
    expect(hops[2]!.received!.source_ip).toBe('2603:10b6:510:1b3::9');
    const ips = m.headers.ips.map((i) => i.ip);
    expect(ips).toContain('198.51.100.23');
    // Dotted runs inside SMTP ids are not addresses.
    expect(ips).not.toContain('07.26.10.59');
    expect(m.headers.reply_to[0]).toMatchObject({ display_name: 'Billing', email: { email: 'billing@freemail.example' } });
    expect(m.headers.return_path?.email).toBe('bounce@bounces.example.net');
    expect(m.headers.mailer).toBe('PHPMailer 6.0');
    expect(m.headers.in_reply_to).toBe('<prev@example.com>');
    expect(m.headers.references).toEqual(['<a@example.com>', '<prev@example.com>']);
    expect(m.headers.message_id).toBe('<test-1@example.com>');
    expect(m.headers.domains.map((d) => d.domain)).toContain('mx.google.com');
    expect(m.headers.date).toBe('2024-01-01T10:00:00.000Z');
  });

  it('takes the mailbox from the topmost Delivered-To, else X-Original-To, else none', async () => {
    const m = await parse(buildEml({ headers: [['Delivered-To', 'felix@fabrikam.example'], ['Delivered-To', 'list@lists.example'], ['X-Original-To', 'other@fabrikam.example']] }));
    expect(m.mailbox).toMatchObject({ display_name: null, email: { email: 'felix@fabrikam.example', domain: { root_domain: 'fabrikam.example' } } });
    const x = await parse(buildEml({ headers: [['X-Original-To', '<other@fabrikam.example>']] }));
    expect(x.mailbox?.email.email).toBe('other@fabrikam.example');
    expect((await parse(buildEml({}))).mailbox).toBeNull();
  });

  it('builds Sublime-style domain objects for the sender', async () => {
    const m = await parse(buildEml({ from: 'PayPal <service@mail.paypal.co.uk>' }));
    expect(m.sender.email.domain).toEqual({ domain: 'mail.paypal.co.uk', root_domain: 'paypal.co.uk', sld: 'paypal', tld: 'co.uk', subdomain: 'mail', punycode: null, valid: true });
    const idn = await parse(buildEml({ from: 'PayPal <service@xn--pypal-4ve.com>' }));
    expect(idn.sender.email.domain).toMatchObject({ root_domain: 'xn--pypal-4ve.com', punycode: 'xn--pypal-4ve.com', valid: true });
  });
});
