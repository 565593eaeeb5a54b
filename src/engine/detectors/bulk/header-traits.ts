import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { quote } from '../content/normalize.ts';
import { finding } from './finding.ts';

/** Mass-mailing tools that legitimate senders do not use (old PHPMailer 1.x survives only in spam kits). */
const SPAM_MAILER_RE = /atomic mail sender|sendblaster|smart_send|class smtpmail|phpmailer \[version 1\.|gammadyne|mailking|group ?mail|worldmerge|mass ?mail|bulk ?mail|advanced mass sender|turbo[- ]mailer|emailer platinum|dmailer|super ?mailer|ems mailer|express mail sender/i;
const MANY_RECIPIENTS = 15;

/** Header traits: the envelope of a message sent by a spam tool to a list. */
export function headerTraitFindings(msg: MessageModel): Finding[] {
  const out: Finding[] = [];
  const headers = msg.headers;
  const mailer = headers?.mailer?.trim() ?? '';
  if (mailer && SPAM_MAILER_RE.test(mailer)) out.push(finding('SPAM_MAILER', 1, `X-Mailer "${quote(mailer, 40)}"`));
  else if (mailer && isRandomToken(mailer)) out.push(finding('MAILER_RANDOM_TOKEN', 1, `X-Mailer "${quote(mailer, 24)}"`));
  if (!headers?.date) out.push(finding('MISSING_DATE', 1, 'no Date header'));
  if (!headers?.message_id) out.push(finding('MISSING_MESSAGE_ID', 1, 'no Message-ID header'));
  else {
    const idDomain = headers.message_id.match(/@([^>\s]+)>?\s*$/)?.[1]?.toLowerCase();
    const root = msg.sender?.email?.domain?.root_domain?.toLowerCase();
    if (idDomain && root && !related(idDomain, root) && !providerDomain(idDomain)) {
      out.push(finding('MESSAGE_ID_FOREIGN_DOMAIN', 1, `Message-ID from ${quote(idDomain, 40)}, sender ${quote(root, 40)}`));
    }
  }
  const visible = (msg.recipients?.to?.length ?? 0) + (msg.recipients?.cc?.length ?? 0);
  if (visible === 0) out.push(finding('UNDISCLOSED_RECIPIENTS', 1, 'no To or Cc recipients'));
  else if (visible > MANY_RECIPIENTS) out.push(finding('MANY_RECIPIENTS', 1, `${visible} visible recipients`));
  return out;
}

/** True when the message carries a List-Unsubscribe header. */
export function hasListUnsubscribe(msg: MessageModel): boolean {
  return (msg.headers?.fields ?? []).some((f) => f.name.toLowerCase() === 'list-unsubscribe');
}

/**
 * Spam kits fill X-Mailer with random letters (`tJbRg`, `vGfmR`) or a bare number. Product names are words or
 * CamelCase (`SquirrelMail`, `iPhone Mail`) and have at most one lower→upper step inside a word.
 */
function isRandomToken(mailer: string): boolean {
  if (/^\d{1,3}$/.test(mailer)) return true;
  if (!/^[A-Za-z0-9]{5,}$/.test(mailer)) return false;
  if (/^(?:[A-Z][a-z]+)+\d*$/.test(mailer)) return false;
  const steps = mailer.match(/[a-z][A-Z]/g)?.length ?? 0;
  return steps >= 2 || (mailer.length >= 30 && /\d/.test(mailer));
}

function related(domain: string, root: string): boolean {
  return domain === root || domain.endsWith(`.${root}`);
}

/** Message-IDs minted by mailbox providers and big ESPs say nothing about the sender. */
function providerDomain(domain: string): boolean {
  return /(?:^|\.)(?:outlook\.com|office365\.com|exchangelabs\.com|prod\.outlook\.com|google\.com|gmail\.com|mail\.gmail\.com|yahoo\.com|amazonses\.com|sendgrid\.net|mailchimp\.com|mcsv\.net|mandrillapp\.com|sparkpostmail\.com|mailgun\.org|mail\.icloud\.com|apple\.com|localhost|localdomain)$/.test(domain);
}
