// PLACEHOLDER until attachment analysis lands (issue 3).
import type { MessageModel } from '../../core/message.ts';
import type { Limits } from '../limits.ts';

export async function analyzeAttachments(_model: MessageModel, _limits: Limits): Promise<void> {}
