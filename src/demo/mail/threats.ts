import { compose, failingAuth, passingAuth, pick, type DemoMail } from './compose.ts';
import { eicarZip, macroDocm, qrPng } from './attachments.ts';

type Recipient = { name: string; address: string };

/** Credential phishing: a Microsoft 365 password-expiry lure from a look-alike domain, link to a fake sign-in. */
export async function phishingMail(n: number, to: Recipient): Promise<DemoMail> {
  const lure = pick([
    { from: 'Microsoft 365 Security <no-reply@rnicrosoft-online-security.com>', domain: 'rnicrosoft-online-security.com', link: 'https://rnicrosoft-online-security.com/login/office365/verify?user=' },
    { from: 'PayPal Service <service@paypal-account-review.info>', domain: 'paypal-account-review.info', link: 'http://paypal-account-review.info/signin/secure/update?id=' },
  ], n);
  const html = `<p>Dear ${to.address},</p><p>Your password expires today. Unusual sign-in activity was detected and your account will be <b>suspended within 24 hours</b> unless you verify your identity.</p>` +
    `<p><a href="${lure.link}${encodeURIComponent(to.address)}">Verify your account now</a></p><p>Failure to verify will result in permanent loss of access to your mailbox.</p>`;
  const raw = await compose({
    from: lure.from, to: to.address, subject: 'Action required: your password expires today - verify your account', html,
    messageId: `<demo-${n}-ph@${lure.domain}>`, received: { fromHost: `mail.${lure.domain}`, ip: '203.0.113.66' }, auth: failingAuth(lure.domain),
  });
  return { kind: 'phishing', outbound: false, raw };
}

/** BEC: the CEO's display name from a free-mail address, asking for an urgent confidential wire transfer. */
export async function becMail(n: number, to: Recipient, ceo: Recipient): Promise<DemoMail> {
  const text = `${to.name.split(' ')[0]},\n\nAre you at your desk? I need you to process an urgent wire transfer today for a confidential acquisition. ` +
    'Please keep this between us until it is announced. The amount is $48,750 to the account below; send me the confirmation once it is done.\n\n' +
    'I am in meetings all day, so reply by email only, do not call.\n\nSent from my iPhone';
  const raw = await compose({
    from: { name: ceo.name, address: `${ceo.name.toLowerCase().replace(/[^a-z]+/g, '.')}.office@gmail.com` }, to: to.address,
    replyTo: 'ceo.private.desk@outlook.com', subject: 'Urgent wire transfer - confidential', text,
    messageId: `<demo-${n}-bec@mail.gmail.com>`, received: { fromHost: 'mail-sor-f41.google.com', ip: '209.85.220.41' }, auth: passingAuth('gmail.com'),
  });
  return { kind: 'bec', outbound: false, raw };
}

/** Malware: an "invoice" zip carrying the EICAR test file (harmless, but every scanner must flag it). */
export async function malwareZipMail(n: number, to: Recipient): Promise<DemoMail> {
  const raw = await compose({
    from: 'Accounts Receivable <billing@invoices-portal.biz>', to: to.address, subject: `Overdue invoice INV-${40000 + n}`,
    text: 'Please find the overdue invoice attached. Open the archive and run the document to view it.',
    attachments: [{ filename: `INV-${40000 + n}.zip`, content: Buffer.from(await eicarZip()), contentType: 'application/zip' }],
    messageId: `<demo-${n}-zip@invoices-portal.biz>`, received: { fromHost: 'mail.invoices-portal.biz', ip: '203.0.113.90' }, auth: failingAuth('invoices-portal.biz'),
  });
  return { kind: 'malware-zip', outbound: false, raw };
}

/** Malware: a macro-enabled Word document whose VBA runs a shell command when opened. */
export async function macroDocmMail(n: number, to: Recipient): Promise<DemoMail> {
  const raw = await compose({
    from: 'HR Department <hr@payroll-update-notice.net>', to: to.address, subject: 'Updated salary table 2027 - enable content to view',
    text: 'The updated salary table is attached. Please enable editing and enable content to view it.',
    attachments: [{ filename: 'Salary_Table_2027.docm', content: Buffer.from(await macroDocm()), contentType: 'application/vnd.ms-word.document.macroEnabled.12' }],
    messageId: `<demo-${n}-docm@payroll-update-notice.net>`, received: { fromHost: 'mail.payroll-update-notice.net', ip: '203.0.113.91' }, auth: failingAuth('payroll-update-notice.net'),
  });
  return { kind: 'malware-docm', outbound: false, raw };
}

/** QR phishing: no link in the text, only a QR code image pointing at a credential-harvesting page. */
export async function qrPhishingMail(n: number, to: Recipient): Promise<DemoMail> {
  const png = await qrPng(`https://mfa-reset-portal.top/auth/microsoft/?u=${encodeURIComponent(to.address)}`);
  const raw = await compose({
    from: 'IT Helpdesk <helpdesk@mfa-reset-portal.top>', to: to.address, subject: 'Multi-factor authentication must be re-enabled',
    html: '<p>Your multi-factor authentication will expire today. Scan the QR code below with your phone camera to re-enable it and avoid losing access to your mailbox.</p><p><img src="cid:mfa-qr"></p>',
    attachments: [{ filename: 'mfa.png', content: Buffer.from(png), contentType: 'image/png', cid: 'mfa-qr' }],
    messageId: `<demo-${n}-qr@mfa-reset-portal.top>`, received: { fromHost: 'mail.mfa-reset-portal.top', ip: '203.0.113.92' }, auth: failingAuth('mfa-reset-portal.top'),
  });
  return { kind: 'qr-phishing', outbound: false, raw };
}

/** Outbound: an employee mails customer card numbers (Luhn-valid test numbers) to an outside address. */
export async function cardNumbersOutbound(n: number, from: Recipient, domain: string): Promise<DemoMail> {
  const text = 'Hi,\n\nAs requested, the cards for the refund batch:\n\n' +
    'Visa 4111 1111 1111 1111 exp 09/28\nMastercard 5555 5555 5555 4444 exp 11/27\nAmex 3782 822463 10005 exp 01/29\n\nRegards,\n' + from.name;
  const raw = await compose({
    from: { name: from.name, address: from.address }, to: 'refunds@external-payments.example', subject: 'Card list for refunds', text,
    messageId: `<demo-${n}-dlp@${domain}>`,
  });
  return { kind: 'dlp-outbound', outbound: true, raw };
}
