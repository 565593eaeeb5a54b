import { errors } from './google-errors.ts';
import { FilterBook } from './mailbox-filters.ts';
import { LabelBook } from './mailbox-labels.ts';
import { headerValue, splitMessage } from './mime-payload.ts';

export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: Set<string>;
  raw: Buffer;
  internalDate: number;
  historyId: number;
}

export type HistoryType = 'messageAdded' | 'messageDeleted' | 'labelAdded' | 'labelRemoved';

/** One change, kept with the message's labels at that moment (for labelId filters and watch label filters). */
export interface HistoryRecord {
  id: number;
  type: HistoryType;
  messageId: string;
  threadId: string;
  labelsNow: string[];
  changedLabels: string[];
}

let idCounter = 0x18c0_0000_0000 + Math.floor(Math.random() * 0xffff_ffff);
const nextMessageId = () => (idCounter++).toString(16).padStart(16, '0');

/**
 * One Gmail mailbox: messages, labels, filters and the history log. historyIds grow by one per change and are
 * per mailbox; `trimHistory` forgets old records so a cursor below the floor answers 404 like Gmail does when a
 * startHistoryId is too old.
 */
export class Mailbox {
  readonly labels = new LabelBook();
  readonly filters = new FilterBook();
  readonly messages = new Map<string, StoredMessage>();
  history: HistoryRecord[] = [];
  historyId: number;
  /** Cursors strictly below this are too old (404). */
  historyFloor: number;
  private readonly listeners: ((r: HistoryRecord) => void)[] = [];

  constructor(readonly address: string, startHistoryId = 1000 + Math.floor(Math.random() * 1000)) {
    this.historyId = startHistoryId;
    this.historyFloor = startHistoryId;
  }

  onChange(listener: (r: HistoryRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Adds a message. `applyFilters` is true for SMTP-like delivery, false for insert/import/sent copies. */
  add(raw: Buffer, labelIds: string[], options: { applyFilters: boolean; internalDate?: number }): StoredMessage {
    this.labels.assertKnown(labelIds);
    const labels = new Set(labelIds);
    if (options.applyFilters) {
      const { headers, body } = splitMessage(raw.toString('latin1'));
      const text = (headers.map((h) => `${h.name}: ${h.value}`).join('\n') + '\n' + body).toLowerCase();
      const change = this.filters.apply({
        from: headerValue(headers, 'from'),
        to: headerValue(headers, 'to'),
        subject: headerValue(headers, 'subject'),
        text,
      });
      for (const l of change.remove) labels.delete(l);
      for (const l of change.add) if (this.labels.has(l)) labels.add(l);
    }
    const id = nextMessageId();
    const msg: StoredMessage = { id, threadId: id, labelIds: labels, raw, internalDate: options.internalDate ?? Date.now(), historyId: 0 };
    this.messages.set(id, msg);
    this.record(msg, 'messageAdded', []);
    return msg;
  }

  get(id: string): StoredMessage {
    const m = this.messages.get(id);
    if (!m) throw errors.notFound();
    return m;
  }

  /** Applies label changes; records only what actually changed (a replayed modify records nothing). */
  modify(id: string, add: string[], remove: string[]): StoredMessage {
    const msg = this.get(id);
    this.labels.assertKnown([...add, ...remove]);
    const removed = remove.filter((l) => msg.labelIds.has(l) && !add.includes(l));
    const added = add.filter((l) => !msg.labelIds.has(l));
    for (const l of removed) msg.labelIds.delete(l);
    for (const l of added) msg.labelIds.add(l);
    if (removed.length) this.record(msg, 'labelRemoved', removed);
    if (added.length) this.record(msg, 'labelAdded', added);
    return msg;
  }

  delete(id: string): void {
    const msg = this.get(id);
    this.messages.delete(id);
    this.record(msg, 'messageDeleted', []);
  }

  /** Forget history up to the current id: every earlier cursor becomes too old. */
  trimHistory(): void {
    this.history = [];
    this.historyFloor = this.historyId;
  }

  private record(msg: StoredMessage, type: HistoryType, changedLabels: string[]): void {
    this.historyId += 1;
    msg.historyId = this.historyId;
    const rec: HistoryRecord = {
      id: this.historyId,
      type,
      messageId: msg.id,
      threadId: msg.threadId,
      labelsNow: [...msg.labelIds],
      changedLabels,
    };
    this.history.push(rec);
    for (const l of this.listeners) l(rec);
  }
}
