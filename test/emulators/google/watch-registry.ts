import type { HistoryRecord, Mailbox } from './mailbox.ts';
import type { PubSub } from './pubsub-push.ts';

export interface Watch {
  topicName: string;
  labelIds: string[];
  labelFilterBehavior: 'include' | 'exclude';
  expiration: number;
}

export const WATCH_LIFETIME_MS = 7 * 24 * 3600_000;

/**
 * users.watch state per mailbox. A change that passes the label filter publishes `{emailAddress, historyId}`
 * to the watch's topic, at most once per second per user: changes inside the second are coalesced into one
 * notification carrying the latest historyId. A new watch sends one notification at once. Expired watches
 * publish nothing.
 */
export class WatchRegistry {
  readonly watches = new Map<string, Watch>();
  private readonly lastSent = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Notifications published, per user. */
  readonly published = new Map<string, number>();
  /** Lets tests move the watch clock (expiry) without waiting seven days. */
  now: () => number = Date.now;

  constructor(private readonly pubsub: PubSub) {}

  attach(mailbox: Mailbox): void {
    mailbox.onChange((rec) => this.onChange(mailbox, rec));
  }

  watch(mailbox: Mailbox, w: Omit<Watch, 'expiration'>): Watch {
    const watch: Watch = { ...w, expiration: this.now() + WATCH_LIFETIME_MS };
    this.watches.set(mailbox.address, watch);
    this.schedule(mailbox);
    return watch;
  }

  stop(address: string): void {
    this.watches.delete(address);
    const t = this.timers.get(address);
    if (t) clearTimeout(t);
    this.timers.delete(address);
  }

  /** True when no coalesced notification is waiting for its one-second slot. */
  idle(): boolean {
    return this.timers.size === 0;
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private onChange(mailbox: Mailbox, rec: HistoryRecord): void {
    const w = this.watches.get(mailbox.address);
    if (!w || w.expiration <= this.now()) return;
    const touched = new Set([...rec.labelsNow, ...rec.changedLabels]);
    const hit = w.labelIds.length === 0 || w.labelIds.some((l) => touched.has(l));
    if (w.labelFilterBehavior === 'include' ? !hit : hit && w.labelIds.length > 0) return;
    this.schedule(mailbox);
  }

  private schedule(mailbox: Mailbox): void {
    const address = mailbox.address;
    if (this.timers.has(address)) return;
    const wait = Math.max(0, (this.lastSent.get(address) ?? 0) + 1000 - Date.now());
    if (wait === 0) return this.send(mailbox);
    this.timers.set(address, setTimeout(() => {
      this.timers.delete(address);
      this.send(mailbox);
    }, wait));
  }

  private send(mailbox: Mailbox): void {
    const w = this.watches.get(mailbox.address);
    if (!w || w.expiration <= this.now()) return;
    this.lastSent.set(mailbox.address, Date.now());
    this.published.set(mailbox.address, (this.published.get(mailbox.address) ?? 0) + 1);
    this.pubsub.publish(w.topicName, { emailAddress: mailbox.address, historyId: mailbox.historyId });
  }
}
