import nodemailer from 'nodemailer';
import { AppError } from '../core/errors.ts';
import type { MailboxProvider, OutgoingMail } from '../core/provider.ts';

/** Where alert emails go out: the tenant's own provider (Graph sendMail / Gmail send) or an SMTP relay. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * Sends as the mailbox named by `from`. Graph and Gmail take a mailbox (user id / address), not a display form,
 * and show the mailbox's own display name: `MailWarden <soc@x>` is sent as `soc@x`.
 */
export function providerTransport(provider: Pick<MailboxProvider, 'sendMail'>): MailTransport {
  return { send: (mail) => provider.sendMail({ ...mail, from: bareAddress(mail.from) }) };
}

/** The address of a From (`MailWarden <alerts@x>` → `alerts@x`). */
export function bareAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}

/** SMTP through nodemailer. 4xx replies and connection errors are retryable; 5xx are not. */
export function smtpTransport(url: string): MailTransport & { close(): void } {
  const t = nodemailer.createTransport(url);
  return {
    async send(mail) {
      try {
        await t.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        const retryable = code === undefined || code < 500;
        throw new AppError(retryable ? 'provider_unavailable' : 'invalid_input', `smtp send failed${code ? ` (${code})` : ''}`, { retryable });
      }
    },
    close: () => t.close(),
  };
}
