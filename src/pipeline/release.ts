import { AppError, isAppError } from '../core/errors.ts';
import type { PipelineContext } from './context.ts';
import { withProviderSlot } from './context.ts';
import { ids } from './jobs.ts';

/**
 * Puts a quarantined (or junked, trashed, purged) message back in the user's inbox. When the provider no longer
 * has it (purged), the vault's sealed copy is restored instead, so release works even after a purge.
 */
export async function releaseMessage(ctx: PipelineContext, messageKey: string, actor: string, reason: string): Promise<{ restored: boolean; messageId: string }> {
  const msg = await ctx.store.messages.get(messageKey);
  if (!msg) throw new AppError('not_found', 'unknown message', { retryable: false });
  const mailbox = await ctx.store.mailboxes.get(msg.tenant_id, msg.mailbox_id);
  if (!mailbox) throw new AppError('not_found', 'mailbox no longer protected', { retryable: false });
  const provider = await ctx.providers.get(msg.tenant_id);
  const ref = { mailbox, messageId: msg.message_id, direction: 'inbound' as const };
  let restored = false;
  let messageId = msg.message_id;
  try {
    const r = await withProviderSlot(ctx, mailbox, () => provider.remediate(ref, 'release'));
    messageId = r.messageId ?? messageId;
  } catch (err) {
    if (!isAppError(err) || err.code !== 'not_found') throw err;
    const raw = await ctx.store.vault.open(messageKey);
    if (!raw) throw new AppError('not_found', 'message gone from the mailbox and no vault copy left', { retryable: false });
    messageId = await withProviderSlot(ctx, mailbox, () => provider.restoreRaw(mailbox, raw));
    restored = true;
  }
  await ctx.store.actions.record({ id: ids.remediate(messageKey, 'release'), tenantId: msg.tenant_id, messageKey, action: 'release', status: 'done', detail: restored ? 'restored from vault' : reason });
  await ctx.store.actions.audit({ tenantId: msg.tenant_id, actor, action: 'release', target: messageKey, reason, detail: { restored } });
  return { restored, messageId };
}
