import { buildEml } from '../../helpers/build-eml.ts';

/** An ordinary newsletter-free note between colleagues: nothing to flag. */
export function cleanMessage(extra = ''): Buffer {
  return buildEml({
    from: 'Alice Martin <alice@example.org>',
    to: 'bob@example.com',
    subject: 'Notes from the planning meeting',
    messageId: '<notes-42@example.org>',
    headers: [['Authentication-Results', 'mx.google.com; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org']],
    text: `Hi Bob,\n\nHere are my notes from the planning meeting. The release moves to March; the rest is unchanged.\n${extra}\nAlice`,
  });
}

/** A PayPal credential phish: failed auth, brand display name from a look-alike, a link whose text lies. */
export function phishMessage(): Buffer {
  return buildEml({
    from: 'PayPal Security <service@paypa1-secure-login.top>',
    to: 'bob@example.com',
    subject: 'Urgent: your account has been suspended',
    headers: [
      ['Authentication-Results', 'spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=paypa1-secure-login.top; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=paypa1-secure-login.top;compauth=fail reason=000'],
      ['Reply-To', 'paypal.billing.team@gmail.com'],
    ],
    html:
      '<p>Dear customer,</p><p>We noticed unusual sign-in activity and your account has been suspended. ' +
      'Verify your password within 24 hours or your account will be permanently closed.</p>' +
      '<p><a href="http://198.51.100.7/paypal/login.php?verify=1">https://www.paypal.com/signin</a></p>',
  });
}

/** An mbox with both messages. */
export function mbox(): Buffer {
  return Buffer.concat([
    Buffer.from('From alice@example.org Thu Aug 22 12:36:23 2002\n'),
    cleanMessage(),
    Buffer.from('\n\nFrom service@paypa1-secure-login.top Fri Aug 23 01:02:03 2002\n'),
    phishMessage(),
    Buffer.from('\n'),
  ]);
}
