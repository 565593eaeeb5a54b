import { describe, expect, it } from 'vitest';
import { senderDetector } from '../../../../../src/engine/detectors/sender/index.ts';
import { makeContext, TEST_LISTS } from '../../../../helpers/detector-context.ts';
import { listSource } from '../../../../helpers/list-source.ts';
import { auth, fields, mailbox, makeModel } from '../../../../helpers/model-factory.ts';
import { toEmailAddress } from '../../../../../src/engine/parse/domain.ts';
import type { MessageModel } from '../../../../../src/core/message.ts';

async function rules(msg: MessageModel, ctx = makeContext()): Promise<string[]> {
  return (await senderDetector.detect(msg, ctx)).map((f) => f.rule);
}

describe('sender detector: VIP impersonation', () => {
  it('fires when a VIP name comes from an outside address', async () => {
    const msg = makeModel({ sender: mailbox('jane.doe.ceo@gmail.com', 'Jane Doe') });
    const found = await senderDetector.detect(msg, makeContext());
    const vip = found.find((f) => f.rule === 'VIP_IMPERSONATION');
    expect(vip?.evidence).toContain('jane.doe.ceo@gmail.com');
  });
  it('matches "Doe, Jane" too', async () => {
    expect(await rules(makeModel({ sender: mailbox('x@other.org', 'Doe, Jane') }))).toContain('VIP_IMPERSONATION');
  });
  it('does not fire for the VIP herself or for another Jane', async () => {
    expect(await rules(makeModel({ sender: mailbox('jane.doe@acme.com', 'Jane Doe') }))).not.toContain('VIP_IMPERSONATION');
    expect(await rules(makeModel({ sender: mailbox('jane@other.org', 'Jane Smith') }))).not.toContain('VIP_IMPERSONATION');
  });
});

describe('sender detector: brand impersonation', () => {
  it('fires on "PayPal Service" from an unrelated domain, and on a Cyrillic р in the name', async () => {
    expect(await rules(makeModel({ sender: mailbox('info@kommunal-news.se', 'PayPal Service') }))).toContain('BRAND_DISPLAY_NAME');
    expect(await rules(makeModel({ sender: mailbox('info@kommunal-news.se', 'Payрal') }))).toContain('BRAND_DISPLAY_NAME');
    expect(await rules(makeModel({ sender: mailbox('paypal-service@evil.example', null) }))).toContain('BRAND_DISPLAY_NAME');
  });
  it('does not fire on PayPal itself (any TLD) or on an ordinary name containing a generic brand word', async () => {
    expect(await rules(makeModel({ sender: mailbox('service@paypal.com', 'PayPal') }))).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('service@mail.paypal.de', 'PayPal Deutschland') }))).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('chase.miller@example.com', 'Chase Miller') }))).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('news@example.com', 'Apple Valley Gardening Club') }))).toEqual([]);
  });
  it('accepts brand domains from the shipped brand list (brand_domains), but never shared-tenant roots', async () => {
    const sender = mailbox('messages-noreply@licdn.com', 'LinkedIn');
    expect(await rules(makeModel({ sender }))).toContain('BRAND_DISPLAY_NAME');
    const ctx = makeContext({ lists: listSource({ ...TEST_LISTS, brand_domains: ['linkedin:linkedin.com', 'linkedin:licdn.com', 'microsoft:onmicrosoft.com'] }) });
    expect(await rules(makeModel({ sender }), ctx)).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('it@contoso7.onmicrosoft.com', 'Microsoft 365') }), ctx)).toContain('BRAND_DISPLAY_NAME');
  });
  it('treats an ambiguous brand alone as the brand', async () => {
    expect(await rules(makeModel({ sender: mailbox('no-reply@notif-center.example', 'Ledger Support') }))).toContain('BRAND_DISPLAY_NAME');
  });
});

describe('sender detector: look-alike domains', () => {
  it('fires on a Cyrillic look-alike of paypal.com', async () => {
    const found = await senderDetector.detect(makeModel({ sender: mailbox('service@payрal.com', 'Service') }), makeContext());
    const hit = found.find((f) => f.rule === 'LOOKALIKE_BRAND_DOMAIN');
    expect(hit?.evidence).toContain('PayPal');
    expect(found.map((f) => f.rule)).toContain('PUNYCODE_SENDER_DOMAIN');
  });
  it('fires on the xn-- spelling, on a typo and on an embedded brand', async () => {
    expect(await rules(makeModel({ sender: mailbox('a@xn--pypal-4ve.com') }))).toContain('LOOKALIKE_BRAND_DOMAIN');
    expect(await rules(makeModel({ sender: mailbox('a@paypa1.com') }))).toContain('LOOKALIKE_BRAND_DOMAIN');
    expect(await rules(makeModel({ sender: mailbox('a@micros0ft-support.net') }))).toContain('LOOKALIKE_BRAND_DOMAIN');
    expect(await rules(makeModel({ sender: mailbox('a@paypal-secure-login.com') }))).toContain('LOOKALIKE_BRAND_DOMAIN');
    expect(await rules(makeModel({ sender: mailbox('a@docusgin.com') }))).toContain('LOOKALIKE_BRAND_DOMAIN');
    expect(await rules(makeModel({ sender: mailbox('no-reply@amazon.desecur.xyz') }))).toContain('LOOKALIKE_BRAND_DOMAIN');
  });
  it('fires on look-alikes of the organisation domain, in From or Reply-To', async () => {
    expect(await rules(makeModel({ sender: mailbox('jane@acrne.com') }))).toContain('LOOKALIKE_ORG_DOMAIN');
    expect(await rules(makeModel({ sender: mailbox('jane@acme.co') }))).toContain('LOOKALIKE_ORG_DOMAIN');
    const ctx = makeContext({ org: { domains: ['northwind.com'], vips: [] } });
    expect(await rules(makeModel({ sender: mailbox('ap@nortwhind.com') }), ctx)).toContain('LOOKALIKE_ORG_DOMAIN');
    expect(await rules(makeModel({ headers: { reply_to: [mailbox('ap@northwind-payments.com')] } }), ctx)).toContain('LOOKALIKE_ORG_DOMAIN');
  });
  it('does not fire on the real domains or on unrelated short words', async () => {
    for (const addr of ['a@paypal.com', 'a@email.microsoft.com', 'a@acme.com', 'a@googlemail.com', 'a@example.com', 'a@apply.com', 'a@amazon.co.uk', 'a@docusign.net']) {
      const got = await rules(makeModel({ sender: mailbox(addr) }));
      expect(got.filter((r) => r.startsWith('LOOKALIKE')), addr).toEqual([]);
    }
  });
});

describe('sender detector: Reply-To and Return-Path', () => {
  it('treats a hand-off between two free-mail accounts as a free-mail Reply-To, not a free-mail list address', async () => {
    const found = await senderDetector.detect(makeModel({ sender: mailbox('wmrsjanet49@gmail.com', 'Janet Wilson'), headers: { reply_to: [mailbox('janet.donation@yahoo.com')] } }), makeContext());
    expect(found.map((f) => [f.rule, f.confidence])).toEqual([['REPLY_TO_FREEMAIL', 0.7]]);
    const list = await rules(makeModel({ sender: mailbox('abc@hotmail.com'), headers: { reply_to: [mailbox('oneincome@groups.yahoo.com')] } }));
    expect(list).toEqual([]);
  });
  it('fires when replies go to free-mail from a corporate sender', async () => {
    const msg = makeModel({ sender: mailbox('ceo@acme-holdings.com', 'CEO'), headers: { reply_to: [mailbox('ceo.office@gmail.com')] } });
    const found = await senderDetector.detect(msg, makeContext());
    expect(found.find((f) => f.rule === 'REPLY_TO_FREEMAIL')?.evidence).toBe('Reply-To ceo.office@gmail.com is free-mail while the sender domain is acme-holdings.com');
  });
  it('fires on a Reply-To of another domain, not on the same owner or a mailing list', async () => {
    expect(await rules(makeModel({ sender: mailbox('a@shop-example.com'), headers: { reply_to: [mailbox('b@collect-example.com')] } }))).toContain('REPLY_TO_MISMATCH');
    expect(await rules(makeModel({ sender: mailbox('a@news.shop-example.com'), headers: { reply_to: [mailbox('b@shop-example.com')] } }))).toEqual([]);
    const list = makeModel({
      sender: mailbox('a@shop-example.com'),
      headers: { reply_to: [mailbox('dev@lists.example.org')], fields: fields([['List-Id', '<dev.lists.example.org>']]) },
    });
    expect(await rules(list)).toEqual([]);
  });
  it('flags a Return-Path elsewhere, but not an ESP bounce domain or an authenticated sender', async () => {
    expect(await rules(makeModel({ sender: mailbox('a@shop-example.com'), headers: { return_path: toEmailAddress('x@bulk-sender.net') } }))).toContain('RETURN_PATH_MISMATCH');
    expect(await rules(makeModel({ sender: mailbox('a@shop-example.com'), headers: { return_path: toEmailAddress('bounce-1@amazonses.com') } }))).toEqual([]);
    expect(
      await rules(makeModel({ sender: mailbox('a@shop-example.com'), headers: { return_path: toEmailAddress('x@bulk-sender.net'), auth_summary: auth({ dmarc: 'pass' }) } })),
    ).toEqual([]);
  });
});

describe('sender detector: where the sender domain lives', () => {
  it('flags trial-tenant and free-hosting sender domains, help desks at half strength', async () => {
    expect(await rules(makeModel({ sender: mailbox('4169158863@9980080836134.onmicrosoft.com', 'Support') }))).toContain('SENDER_SHARED_HOST_DOMAIN');
    expect(await rules(makeModel({ sender: mailbox('noreply@project-v2u223afs.firebaseapp.com') }))).toEqual(['SENDER_SHARED_HOST_DOMAIN']);
    const desk = await senderDetector.detect(makeModel({ sender: mailbox('help@gaksbdad.zendesk.com') }), makeContext());
    expect(desk.map((f) => [f.rule, f.confidence])).toEqual([['SENDER_SHARED_HOST_DOMAIN', 0.5]]);
    expect(await rules(makeModel({ sender: mailbox('support@zendesk.com') }))).toEqual([]);
  });
  it('flags a sender on an abuse-prone TLD, more for our own table than for the broader shipped list', async () => {
    const top = await senderDetector.detect(makeModel({ sender: mailbox('info@zhishang.top') }), makeContext());
    expect(top.map((f) => [f.rule, f.confidence])).toEqual([['SENDER_SUSPICIOUS_TLD', 1]]);
    const ctx = makeContext({ lists: listSource({ ...TEST_LISTS, suspicious_tlds: ['shop'] }) });
    const shop = await senderDetector.detect(makeModel({ sender: mailbox('info@canvas-deals.shop') }), ctx);
    expect(shop.map((f) => [f.rule, f.confidence])).toEqual([['SENDER_SUSPICIOUS_TLD', 0.75]]);
    expect(await rules(makeModel({ sender: mailbox('info@canvas-deals.com') }), ctx)).toEqual([]);
  });
  it('flags a sender domain that is not a registrable domain', async () => {
    expect(await rules(makeModel({ sender: mailbox('no-reply@statushabilitacao696') }))).toEqual(['SENDER_DOMAIN_INVALID']);
    expect(await rules(makeModel({ sender: mailbox('no-reply@status.example.com.br') }))).toEqual([]);
  });
});

describe('sender detector: brand names in odd places', () => {
  it('reads a brand written as a domain, a person "from" an ambiguous brand, and a name with no address', async () => {
    expect(await rules(makeModel({ sender: mailbox('pitts@koolvi1.asdvgh.life', 'ups.com [US]') }))).toContain('BRAND_DISPLAY_NAME');
    expect(await rules(makeModel({ sender: mailbox('contact@self-compassion.org', 'Katie From Ledger') }))).toContain('BRAND_DISPLAY_NAME');
    expect(await rules(makeModel({ sender: mailbox('postmaster@invalpool.vrlearninglab.nl', 'IRS e-File System') }))).toContain('BRAND_DISPLAY_NAME');
    expect(await rules(makeModel({ sender: mailbox('service@stayfriends.de', 'Communication from: UPS, service@stayfriends.de') }))).toContain('BRAND_DISPLAY_NAME');
    const noAddress = makeModel({ sender: { display_name: 'Amazon Xmas', email: toEmailAddress('') } });
    expect(await rules(noAddress)).toEqual(['BRAND_DISPLAY_NAME']);
  });
  it('leaves real brand mail and ordinary names alone', async () => {
    expect(await rules(makeModel({ sender: mailbox('pitts@ups.com', 'ups.com') }))).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('katie@example.com', 'Katie Ledger') }))).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('first.irs@example.com', 'Irs Walker') }))).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('x@receita.fazenda.gov.br', 'Receita Federal') }))).toEqual([]);
  });
});

describe('sender detector: disguised display names', () => {
  it('flags small capitals, invisible joiners and mixed scripts', async () => {
    expect(await rules(makeModel({ sender: mailbox('n@brandedstanley.com', '--ᴘᴀʏᴍᴇɴᴛ ᴅᴇᴄɪɪɴᴇᴅ--') }))).toEqual(['DISPLAY_NAME_OBFUSCATED']);
    expect(await rules(makeModel({ sender: mailbox('n@promo-mail.com', 'C\u034fa\u034fr\u034fr\u034fe\u034ff\u034fo\u034fu\u034fr') }))).toContain('DISPLAY_NAME_OBFUSCATED');
    expect(await rules(makeModel({ sender: mailbox('n@promo-mail.com', 'Sеcurity Team') }))).toContain('DISPLAY_NAME_OBFUSCATED');
  });
  it('leaves accented names and names wholly in another script alone', async () => {
    expect(await rules(makeModel({ sender: mailbox('jose@correo.es', 'José Müller-Lüdenscheidt') }))).toEqual([]);
    expect(await rules(makeModel({ sender: mailbox('ivan@mail.ru', 'Иван Петров') }))).toEqual([]);
  });
  it('flags an address hidden in the local part', async () => {
    expect(await rules(makeModel({ sender: mailbox('newsletter.marco.berg@hotmail.com@goitrogenheadlock.us') }))).toEqual(['DISPLAY_NAME_EMAIL_MISMATCH']);
  });
});

describe('sender detector: free-mail and display-name addresses', () => {
  it('flags a free-mail sender with a corporate name, not a person', async () => {
    expect(await rules(makeModel({ sender: mailbox('helpdesk.acme@gmail.com', 'Acme IT Support') }))).toContain('FREEMAIL_CORPORATE_NAME');
    expect(await rules(makeModel({ sender: mailbox('bob.smith@gmail.com', 'Bob Smith') }))).toEqual([]);
  });
  it('flags an address of another domain in the display name, not the sender repeating itself', async () => {
    expect(await rules(makeModel({ sender: mailbox('x@mailer.evil.example', 'support@paypal.com') }))).toContain('DISPLAY_NAME_EMAIL_MISMATCH');
    expect(await rules(makeModel({ sender: mailbox('jan@hotmail.com', 'jan@hotmail.com') }))).toEqual([]);
  });
});
