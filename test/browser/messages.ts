import { buildEml } from '../helpers/build-eml.ts';

/**
 * A credential-phishing mail of a well-known shape: PayPal display name on a punycode look-alike domain, a
 * freemail Reply-To, and a link whose text shows paypal.com while it points at a bare IP login page.
 */
export function phishingMessage(n: number): Buffer {
  return buildEml({
    from: '"PayPal Service" <service@xn--payal-xye.com>',
    to: 'alex@dev.local',
    headers: [['Reply-To', 'resolution.center@gmail.com']],
    subject: `Your account is limited - action required #${n}`,
    messageId: `<limited-${n}-${Date.now()}@xn--payal-xye.com>`,
    date: new Date().toUTCString(),
    text: 'We noticed unusual activity. Your account access has been limited. Please confirm your identity within 24 hours or your account will be suspended: https://www.paypal.com/signin',
    html: '<p>We noticed unusual activity. Your account access has been limited.</p><p>Please confirm your identity within 24 hours or your account will be suspended: <a href="http://198.51.100.7/webscr/login.php?cmd=_login-run">https://www.paypal.com/signin</a></p>',
  });
}

/** The legitimate look-alike: a real PayPal receipt, from paypal.com, linking to paypal.com. */
export function legitMessage(n: number): Buffer {
  return buildEml({
    from: 'PayPal <service@paypal.com>',
    to: 'alex@dev.local',
    subject: `Your receipt #${n}`,
    messageId: `<receipt-${n}-${Date.now()}@paypal.com>`,
    date: new Date().toUTCString(),
    html: '<p>See your <a href="https://www.paypal.com/myaccount/transactions">activity</a> or visit <a href="https://www.paypal.com/">www.paypal.com</a>.</p>',
  });
}
