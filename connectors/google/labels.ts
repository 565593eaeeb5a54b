import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { AppError } from '../../src/core/errors.ts';
import { withBackoff, type BackoffPolicy } from './backoff.ts';

/**
 * Finds or creates a user label by name, per mailbox, cached. MailWarden's own labels are hidden from the
 * label list and the message list so users don't browse quarantine. A 409 (created concurrently) re-reads.
 */
export class LabelResolver {
  private readonly cache = new Map<string, string>();

  constructor(private readonly backoff: BackoffPolicy) {}

  async ensure(gmail: gmail_v1.Gmail, mailbox: string, name: string, hidden: boolean): Promise<string> {
    const key = `${mailbox.toLowerCase()}|${name.toLowerCase()}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let id = await this.find(gmail, name);
    if (!id) {
      try {
        const res = await withBackoff('labels.create', () => gmail.users.labels.create({
          userId: 'me',
          requestBody: hidden
            ? { name, labelListVisibility: 'labelHide', messageListVisibility: 'hide' }
            : { name, labelListVisibility: 'labelShow', messageListVisibility: 'show' },
        }), this.backoff);
        id = res.data.id ?? undefined;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'conflict')) throw err;
        id = await this.find(gmail, name);
      }
    }
    if (!id) throw new AppError('internal', `label ${name} could not be created`);
    this.cache.set(key, id);
    return id;
  }

  private async find(gmail: gmail_v1.Gmail, name: string): Promise<string | undefined> {
    const res = await withBackoff('labels.list', () => gmail.users.labels.list({ userId: 'me' }), this.backoff);
    return res.data.labels?.find((l) => l.name?.toLowerCase() === name.toLowerCase())?.id ?? undefined;
  }
}
