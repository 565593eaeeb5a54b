import type { MessageModel } from '../../../core/message.ts';
import type { Finding } from '../../../core/verdict.ts';
import type { Detector, DetectorContext } from '../../detector.ts';
import { attachmentLureFindings } from './attachment-lure.ts';
import { callbackFindings } from './callback.ts';
import { extortionFindings } from './extortion.ts';
import { hiddenTextFindings } from './hidden-text.ts';
import { htmlFormFindings } from './html-form.ts';
import { lureFindings } from './lures.ts';
import { obfuscationFindings } from './obfuscation.ts';
import { replyElsewhereFindings } from './reply-elsewhere.ts';
import { CONTENT_PHRASES } from './phrases.ts';
import { CONTENT_RULES } from './rules.ts';
import { textView } from './text-view.ts';

/**
 * What the message says: credential, payment and fraud lures in several languages, callback and extortion
 * schemes, text hidden from the reader, and forms in the body. Pure and synchronous; one phrase pass over the
 * capped, folded text does most of the work.
 */
export const contentDetector: Detector = {
  id: 'content',
  rules: CONTENT_RULES,
  timeoutMs: 250,
  detect(msg: MessageModel, ctx: DetectorContext): Finding[] {
    const view = textView(msg);
    const hits = CONTENT_PHRASES.scan(view.all);
    return [
      ...lureFindings(hits, msg),
      ...callbackFindings(view, hits),
      ...extortionFindings(view, hits),
      ...obfuscationFindings(view),
      ...hiddenTextFindings(msg, hits),
      ...htmlFormFindings(msg),
      ...attachmentLureFindings(msg, hits),
      ...replyElsewhereFindings(msg, view, ctx?.lists),
    ];
  },
};
