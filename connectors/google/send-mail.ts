import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import type { OutgoingMail } from '../../src/core/provider.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';

/** Builds RFC 5322 bytes for an alert (nodemailer's composer: encodings, folding, Message-ID). */
export async function composeMime(mail: OutgoingMail): Promise<Buffer> {
  const composer = new MailComposer({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  return composer.compile().build();
}

/** Security-team alerts: messages.send as the configured sender mailbox. */
export async function sendAs(gmail: gmail_v1.Gmail, mail: OutgoingMail, backoff: BackoffPolicy): Promise<void> {
  const raw = (await composeMime(mail)).toString('base64url');
  await withBackoff('messages.send', () => gmail.users.messages.send({ userId: 'me', requestBody: { raw } }), backoff);
}
