import { errors } from './google-errors.ts';

/** A Gmail label resource (users.labels) as the API returns it. */
export interface GmailLabel {
  id: string;
  name: string;
  type: 'system' | 'user';
  labelListVisibility?: 'labelShow' | 'labelShowIfUnread' | 'labelHide';
  messageListVisibility?: 'show' | 'hide';
}

const SYSTEM_LABELS = [
  'INBOX', 'SPAM', 'TRASH', 'UNREAD', 'STARRED', 'IMPORTANT', 'SENT', 'DRAFT', 'CHAT',
  'CATEGORY_PERSONAL', 'CATEGORY_SOCIAL', 'CATEGORY_PROMOTIONS', 'CATEGORY_UPDATES', 'CATEGORY_FORUMS',
];

/** One mailbox's labels: the fixed system set plus user labels `Label_N`, names unique case-insensitively. */
export class LabelBook {
  private readonly labels = new Map<string, GmailLabel>();
  private next = 1;

  constructor() {
    for (const id of SYSTEM_LABELS) this.labels.set(id, { id, name: id, type: 'system' });
  }

  list(): GmailLabel[] {
    return [...this.labels.values()];
  }

  get(id: string): GmailLabel {
    const label = this.labels.get(id);
    if (!label) throw errors.notFound('Requested entity was not found.');
    return label;
  }

  has(id: string): boolean {
    return this.labels.has(id);
  }

  create(input: Partial<GmailLabel>): GmailLabel {
    const name = (input.name ?? '').trim();
    if (!name) throw errors.invalidArgument('Invalid label name');
    const clash = [...this.labels.values()].some((l) => l.name.toLowerCase() === name.toLowerCase());
    if (clash) throw errors.conflict('Label name exists or conflicts');
    const label: GmailLabel = {
      id: `Label_${this.next++}`,
      name,
      type: 'user',
      labelListVisibility: input.labelListVisibility ?? 'labelShow',
      messageListVisibility: input.messageListVisibility ?? 'show',
    };
    this.labels.set(label.id, label);
    return label;
  }

  remove(id: string): void {
    const label = this.get(id);
    if (label.type === 'system') throw errors.invalidArgument('Invalid delete request');
    this.labels.delete(id);
  }

  /** Throws 400 like Gmail when a modify names a label the mailbox does not have. */
  assertKnown(ids: string[]): void {
    for (const id of ids) if (!this.labels.has(id)) throw errors.invalidArgument(`Invalid label: ${id}`);
  }
}
