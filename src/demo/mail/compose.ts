import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

/** One generated message: raw MIME plus what the demo expects MailWarden to make of it. */
export interface DemoMail {
  kind: DemoMailKind;
  /** Sent Items (outbound) rather than the Inbox. */
  outbound: boolean;
  raw: Buffer;
}

export type DemoMailKind = 'business' | 'newsletter' | 'phishing' | 'bec' | 'malware-zip' | 'malware-docm' | 'qr-phishing' | 'dlp-outbound';

/** Kinds whose messages MailWarden is expected to flag (the rest are legitimate mail). */
export const MALICIOUS_KINDS: ReadonlySet<DemoMailKind> = new Set(['phishing', 'bec', 'malware-zip', 'malware-docm', 'qr-phishing']);

/**
 * Builds raw MIME with nodemailer's composer, the way a real mail client would, plus the trace headers a
 * receiving server adds (the demo has no MTA in front of it).
 */
export async function compose(options: Mail.Options & { received?: { fromHost: string; ip: string }; auth?: string }): Promise<Buffer> {
  const { received, auth, ...mail } = options;
  const headers: Record<string, string> = { ...(mail.headers as Record<string, string> | undefined) };
  if (auth) headers['Authentication-Results'] = auth;
  const raw = await new MailComposer({ ...mail, headers, date: mail.date ?? new Date() }).compile().build();
  if (!received) return raw;
  const trace = `Received: from ${received.fromHost} (${received.fromHost} [${received.ip}])\r\n\tby mx.demo.invalid with ESMTPS; ${new Date().toUTCString()}\r\n`;
  return Buffer.concat([Buffer.from(trace), raw]);
}

/** Authentication-Results as the receiving side would write them for a well-configured sender. */
export function passingAuth(domain: string): string {
  return `mx.demo.invalid; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`;
}

/** The same for a sender whose domain has no SPF/DKIM/DMARC alignment. */
export function failingAuth(domain: string): string {
  return `mx.demo.invalid; spf=fail smtp.mailfrom=${domain}; dkim=none; dmarc=fail header.from=${domain}`;
}

/** Deterministic pick, so a demo run is reproducible from its sequence number. */
export function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}
