import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { AppError } from '../../src/core/errors.ts';
import type { RemediationAction, RemediationResult } from '../../src/core/provider.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';
import type { LabelResolver } from './labels.ts';

export interface RemediationContext {
  gmail: gmail_v1.Gmail;
  mailbox: string;
  labels: LabelResolver;
  quarantineLabel: string;
  holdLabel: string;
  backoff: BackoffPolicy;
}

interface LabelPlan {
  add: string[];
  remove: string[];
}

/**
 * Gmail remediation as label changes (quarantine = hidden label + INBOX removed, junk = SPAM), trash, and
 * permanent delete. Reads the message's labels first so a replay reports `changed: false` and does nothing;
 * a purge of a message already gone is success. The vault copy before a purge is the pipeline's job.
 */
export async function remediate(ctx: RemediationContext, id: string, action: RemediationAction, tag?: string): Promise<RemediationResult> {
  const { gmail, backoff } = ctx;
  let labels: Set<string>;
  try {
    const res = await withBackoff('messages.get', () => gmail.users.messages.get({ userId: 'me', id, format: 'minimal' }), backoff);
    labels = new Set(res.data.labelIds ?? []);
  } catch (err) {
    if (action === 'purge' && err instanceof AppError && err.code === 'not_found') return { changed: false };
    throw err;
  }

  if (action === 'purge') {
    try {
      await withBackoff('messages.delete', () => gmail.users.messages.delete({ userId: 'me', id }), backoff);
      return { changed: true };
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return { changed: false };
      throw err;
    }
  }
  if (action === 'trash') {
    if (labels.has('TRASH')) return { changed: false };
    await withBackoff('messages.trash', () => gmail.users.messages.trash({ userId: 'me', id }), backoff);
    return { changed: true };
  }
  if (action === 'hold_release') {
    const hold = await ctx.labels.ensure(gmail, ctx.mailbox, ctx.holdLabel, true);
    const quarantine = await ctx.labels.ensure(gmail, ctx.mailbox, ctx.quarantineLabel, true);
    // Only held mail goes to INBOX. Already there (the scheduler released it first) is done; quarantined, junked
    // or trashed meanwhile is not ours to put back.
    if (!labels.has(hold) && labels.has('INBOX')) return { changed: false };
    if (!labels.has(hold) || ['TRASH', 'SPAM', quarantine].some((l) => labels.has(l))) throw new AppError('conflict', 'message is no longer held', { retryable: false });
  }
  let untrashed = false;
  if (action === 'release' && labels.has('TRASH')) {
    await withBackoff('messages.untrash', () => gmail.users.messages.untrash({ userId: 'me', id }), backoff);
    labels.delete('TRASH');
    untrashed = true;
  }
  const plan = await planFor(ctx, action, tag);
  const add = plan.add.filter((l) => !labels.has(l));
  const remove = plan.remove.filter((l) => labels.has(l));
  if (!add.length && !remove.length) return { changed: untrashed };
  await withBackoff('messages.modify', () => gmail.users.messages.modify({ userId: 'me', id, requestBody: { addLabelIds: add, removeLabelIds: remove } }), backoff);
  return { changed: true };
}

async function planFor(ctx: RemediationContext, action: RemediationAction, tag?: string): Promise<LabelPlan> {
  const label = (name: string, hidden: boolean) => ctx.labels.ensure(ctx.gmail, ctx.mailbox, name, hidden);
  switch (action) {
    // Out of the inbox, and out of the hold too: a threat found while held must never be released by the hold.
    case 'quarantine':
      return { add: [await label(ctx.quarantineLabel, true)], remove: ['INBOX', await label(ctx.holdLabel, true)] };
    case 'junk':
      return { add: ['SPAM'], remove: ['INBOX', await label(ctx.holdLabel, true)] };
    case 'tag':
      if (!tag) throw new AppError('invalid_input', 'tag action needs a tag');
      return { add: [await label(tag, false)], remove: [] };
    case 'release':
      return { add: ['INBOX'], remove: [await label(ctx.quarantineLabel, true), await label(ctx.holdLabel, true), 'SPAM'] };
    case 'hold_release':
      return { add: ['INBOX'], remove: [await label(ctx.holdLabel, true)] };
    default:
      throw new AppError('invalid_input', `unknown remediation ${action}`);
  }
}
