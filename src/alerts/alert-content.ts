import type { MessageModel } from '../core/message.ts';
import type { Verdict } from '../core/verdict.ts';
import type { Decision } from '../policy/decide.ts';

/** Everything an alert says about one detection. Built from the stored verdict and (when at hand) the model. */
export interface AlertContent {
  tenantId: string;
  tenantName: string;
  mailbox: string;
  messageKey: string;
  receivedAt: string;
  verdict: Verdict;
  decision: Decision;
  /** Actions already recorded for the message (`quarantine: done`). */
  actions: { action: string; status: string }[];
  message: {
    subject: string;
    from: string;
    fromName: string | null;
    replyTo: string[];
    auth: { spf: boolean | null; dkim: boolean | null; dmarc: boolean | null };
    links: { url: string; mismatched: boolean }[];
    attachments: { name: string | null; type: string | null; size: number }[];
  } | null;
  /** Deep link to the message page of the dashboard (the only live link an alert carries). */
  dashboardUrl: string;
}

/** The message facts an alert needs, taken from the parsed model (bodies are never included). */
export function messageFacts(m: MessageModel): NonNullable<AlertContent['message']> {
  const a = m.headers.auth_summary;
  return {
    subject: m.subject.subject,
    from: m.sender.email.email,
    fromName: m.sender.display_name,
    replyTo: m.headers.reply_to.map((r) => r.email.email),
    auth: { spf: a.spf.pass, dkim: a.dkim.pass, dmarc: a.dmarc.pass },
    links: m.body.links.slice(0, 20).map((l) => ({ url: l.href_url.url, mismatched: l.mismatched })),
    attachments: m.attachments.slice(0, 20).map((x) => ({ name: x.file_name, type: x.content_type, size: x.size })),
  };
}

/** The dashboard's message page for a detection (`#/message/<key>`; the tenant follows as a hint for the picker). */
export function messageLink(dashboardBase: string, tenantId: string, messageKey: string): string {
  return `${dashboardBase.replace(/\/$/, '')}/#/message/${encodeURIComponent(messageKey)}/${encodeURIComponent(tenantId)}`;
}
