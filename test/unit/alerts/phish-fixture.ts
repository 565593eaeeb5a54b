/** A credential-phishing message built in code: brand display name from a look-alike domain, mismatched link. */
export function phishingMessage(): Uint8Array {
  const html = `<html><body><p>Dear customer,</p>
<p>We detected unusual activity and your account has been <b>suspended</b>. Verify your identity within 24 hours or your account will be permanently closed.</p>
<p><a href="http://paypa1-account-verify.com/signin/update?id=8812">https://www.paypal.com/signin</a></p>
<p>PayPal Security Team</p></body></html>`;
  return new TextEncoder().encode(
    [
      'From: "PayPal Security" <service@paypa1-account-verify.com>',
      'To: alice@corp.example',
      'Subject: Urgent: your account has been suspended - verify now',
      'Message-ID: <a1b2c3@paypa1-account-verify.com>',
      'Date: Thu, 03 Dec 2026 09:12:00 +0000',
      'Authentication-Results: mx.corp.example; spf=fail smtp.mailfrom=paypa1-account-verify.com; dkim=none; dmarc=fail header.from=paypa1-account-verify.com',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
    ].join('\r\n'),
  );
}

export const PHISH_URL = 'paypa1-account-verify.com/signin';
