/**
 * uuencoded and BinHexed files written straight into the message body (no MIME part of their own), as older
 * clients and some mass-mailers still send them. Thunderbird and Outlook show these as attachments, so they
 * become attachments of the model here, before the analysis, under the message's entry and byte budget.
 */
import type { Attachment, MessageModel } from '../../core/message.ts';
import { toAttachment } from '../parse/attachments.ts';
import type { AnalysisBudget } from './budget.ts';
import { claimDecoded, findEncodedFiles } from './encoded-text-files.ts';

export interface BodyFile {
  attachment: Attachment;
  format: 'uuencode' | 'binhex';
}

export function bodyEncodedFiles(model: MessageModel, budget: AnalysisBudget): BodyFile[] {
  const text = model.body.plain?.raw;
  if (!text) return [];
  const out: BodyFile[] = [];
  for (const { format, files, capped } of findEncodedFiles(text, budget)) {
    if (capped) budget.hit('compression_ratio');
    for (const file of files) {
      if (file.bytes.length === 0) continue;
      if (claimDecoded(budget, file.bytes)) return out;
      const attachment = toAttachment({ filename: file.name, mimeType: 'application/octet-stream', disposition: 'inline', content: file.bytes } as Parameters<typeof toAttachment>[0]);
      out.push({ attachment, format });
    }
  }
  return out;
}
