import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import { textView } from '../content/text-view.ts';
import type { Detector } from '../../detector.ts';
import { finding } from './finding.ts';
import { accountNameSpamFindings } from './account-name-spam.ts';
import { gibberishFindings } from './gibberish.ts';
import { placeholderFindings } from './placeholder.ts';
import { hasListUnsubscribe, headerTraitFindings } from './header-traits.ts';
import { htmlShapeFindings } from './html-shape.ts';
import { BULK_RULES } from './rules.ts';
import { spamPhraseFindings } from './spam-phrases.ts';
import { subjectTraitFindings } from './subject-traits.ts';

/**
 * Spam and bulk traits: the vocabulary of spam trades, shouting subjects, image-only bodies and the headers
 * spam tools write. Bulk mail as such is legitimate; List-Unsubscribe is only reported beside other traits.
 * Spam traits rarely come alone: independent ones that meet are worth more than their sum (rspamd composites).
 */
/** Traits too common in legitimate mail to count towards the combination. */
const WEAK_ALONE = new Set(['MESSAGE_ID_FOREIGN_DOMAIN', 'BULK_LIST_UNSUBSCRIBE', 'UNSUBSCRIBE_TEXT_NO_HEADER']);

export const bulkDetector: Detector = {
  id: 'bulk',
  rules: BULK_RULES,
  timeoutMs: 250,
  detect(msg: MessageModel): Finding[] {
    const view = textView(msg);
    const { findings: phrases, hits } = spamPhraseFindings(view);
    const out = [...phrases, ...subjectTraitFindings(view, recipientAddresses(msg)), ...headerTraitFindings(msg), ...htmlShapeFindings(msg), ...gibberishFindings(view), ...placeholderFindings(view), ...accountNameSpamFindings(view)];
    const listUnsubscribe = hasListUnsubscribe(msg);
    const unsubscribeText = hits.get('unsubscribe') ?? [];
    if (unsubscribeText.length > 0 && !listUnsubscribe) {
      out.push(finding('UNSUBSCRIBE_TEXT_NO_HEADER', 1, `"${unsubscribeText[0]}" in the body, no List-Unsubscribe header`));
    }
    const traits = out.filter((f) => !WEAK_ALONE.has(f.rule) && f.confidence >= 0.5);
    if (traits.length >= 3) {
      out.push(finding('SPAM_TRAITS_COMBINED', traits.length >= 4 ? 1 : 0.6, `${traits.length} spam traits: ${traits.map((f) => f.rule).slice(0, 5).join(', ')}`));
    }
    if (listUnsubscribe && traits.length > 0) out.push(finding('BULK_LIST_UNSUBSCRIBE', 1, 'List-Unsubscribe header present'));
    return out;
  },
};

function recipientAddresses(msg: MessageModel): Set<string> {
  const all = [...(msg.recipients?.to ?? []), ...(msg.recipients?.cc ?? []), ...(msg.mailbox ? [msg.mailbox] : [])];
  return new Set(all.map((m) => m.email.email.toLowerCase()));
}
