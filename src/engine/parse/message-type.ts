import type { AuthSummary, Mailbox, MessageType } from '../../core/message.ts';

/**
 * inbound / outbound / internal from the sender's domain against the org's domains and the direction the
 * mailbox saw it in. A message that claims an org sender but fails DMARC is a spoof: it stays inbound.
 */
export function messageType(
  sender: Mailbox,
  recipients: Mailbox[],
  orgDomains: string[],
  auth: AuthSummary,
  direction?: 'inbound' | 'outbound',
): MessageType {
  const org = new Set(orgDomains.map((d) => d.toLowerCase()));
  const isOrg = (m: Mailbox) => {
    const d = m.email.domain;
    return d.domain !== '' && (org.has(d.domain) || org.has(d.root_domain));
  };
  const allInternalRcpts = recipients.length > 0 && recipients.every(isOrg);
  if (direction === 'outbound') return allInternalRcpts ? internal() : { inbound: false, outbound: true, internal: false };
  if (org.size === 0) return { inbound: true, outbound: false, internal: false };
  const senderOrg = isOrg(sender) && auth.dmarc.pass !== false;
  if (senderOrg && allInternalRcpts) return internal();
  if (senderOrg && direction === undefined) return { inbound: false, outbound: true, internal: false };
  return { inbound: true, outbound: false, internal: false };
}

function internal(): MessageType {
  return { inbound: false, outbound: false, internal: true };
}
