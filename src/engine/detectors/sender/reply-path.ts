import type { MessageModel } from '../../../core/message.ts';
import type { ListSource } from '../../detector.ts';
import { BOUNCE_ROOTS } from './esp-domains.ts';
import type { SenderFinding } from './impersonation.ts';
import { isFreemail, sameOwner } from './message-facts.ts';

/**
 * Where replies and bounces go. A Reply-To on free-mail under a corporate From is the classic BEC hand-off;
 * mailing lists rewrite both headers, so they get lower confidence or a pass.
 */
export function replyToFindings(msg: MessageModel, lists: ListSource, listed: boolean): SenderFinding[] {
  const from = msg.sender.email;
  if (!from.domain.root_domain) return [];
  const senderFree = isFreemail(from.domain, lists);
  for (const r of msg.headers.reply_to.slice(0, 5)) {
    const to = r.email;
    if (!to.domain.root_domain || to.email === from.email) continue;
    const replyFree = isFreemail(to.domain, lists);
    if (replyFree && !senderFree) {
      return [{ rule: 'REPLY_TO_FREEMAIL', confidence: listed ? 0.4 : 1, evidence: `Reply-To ${to.email} is free-mail while the sender domain is ${from.domain.root_domain}` }];
    }
    if (replyFree && senderFree && !listed) {
      // Scam hand-off between two free-mail accounts (a throwaway sender, a kept inbox). Free-mail list
      // addresses live on subdomains (groups.msn.com): those are a list's doing.
      if (to.domain.subdomain === null) {
        return [{ rule: 'REPLY_TO_FREEMAIL', confidence: 0.7, evidence: `Reply-To ${to.email} is another free-mail address than the sender ${from.email}` }];
      }
      continue;
    }
    if (!replyFree && !sameOwner(to.domain, from.domain) && !listed) {
      return [{ rule: 'REPLY_TO_MISMATCH', confidence: 1, evidence: `Reply-To ${to.email} differs from sender domain ${from.domain.root_domain}` }];
    }
  }
  return [];
}

/** Bounces to another domain: normal for ESPs and lists (skipped), a weak hint otherwise. */
export function returnPathFindings(msg: MessageModel, listed: boolean, dmarcPass: boolean): SenderFinding[] {
  const rp = msg.headers.return_path;
  const from = msg.sender.email;
  if (!rp || !rp.domain.root_domain || !from.domain.root_domain || listed || dmarcPass) return [];
  if (sameOwner(rp.domain, from.domain) || BOUNCE_ROOTS.has(rp.domain.root_domain) || BOUNCE_ROOTS.has(rp.domain.domain)) return [];
  return [{ rule: 'RETURN_PATH_MISMATCH', confidence: 1, evidence: `Return-Path ${rp.email} differs from sender domain ${from.domain.root_domain}` }];
}
