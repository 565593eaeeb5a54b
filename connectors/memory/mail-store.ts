import { randomUUID } from 'node:crypto';
import type { Direction, DlpRuleSpec, OutgoingMail } from '../../src/core/provider.ts';

/** Where a message sits in a memory mailbox. `gone` = purged. `hold` = held out of the inbox by the hold rule. */
export type MemoryLocation = 'inbox' | 'quarantine' | 'junk' | 'trash' | 'gone' | 'hold';

export interface MemoryMessage {
  id: string;
  raw: Uint8Array;
  direction: Direction;
  location: MemoryLocation;
  tags: Set<string>;
  /** Epoch ms of delivery (the hold's fail-open bound counts from here). */
  receivedAt: number;
}

export interface MemoryMailbox {
  tenantId: string;
  mailboxId: string;
  address: string;
  messages: Map<string, MemoryMessage>;
  /** Arrival order; the cursor is an index into it. */
  log: { messageId: string; direction: Direction }[];
  hold: boolean;
  subscription: { id: string; expiresAt: Date; secret: string | null } | null;
}

/**
 * The state behind the in-memory provider: mailboxes per tenant, a sent-mail outbox, DLP rules, and call
 * counters so tests can count work (e.g. how often a message was fetched). One store can back many provider
 * instances, in this process or, through the RPC server, in other processes.
 */
export class MemoryMailStore {
  readonly mailboxes = new Map<string, MemoryMailbox>();
  readonly outbox: OutgoingMail[] = [];
  readonly dlpRules = new Map<string, DlpRuleSpec[]>();
  readonly calls = new Map<string, number>();
  /** Errors to throw on the next calls of a method, for tests of retry behaviour. */
  readonly faults: { method: string; error: () => Error; remaining: number }[] = [];

  mailbox(tenantId: string, mailboxId: string): MemoryMailbox | undefined {
    return this.mailboxes.get(`${tenantId}\u0000${mailboxId}`);
  }

  addMailbox(tenantId: string, mailboxId: string, address: string): MemoryMailbox {
    const key = `${tenantId}\u0000${mailboxId}`;
    let box = this.mailboxes.get(key);
    if (!box) {
      box = { tenantId, mailboxId, address, messages: new Map(), log: [], hold: false, subscription: null };
      this.mailboxes.set(key, box);
    }
    return box;
  }

  /** Put a message into a mailbox as the provider would on delivery; returns its id. */
  deliver(tenantId: string, mailboxId: string, raw: Uint8Array, direction: Direction = 'inbound', id: string = randomUUID()): string {
    const box = this.addMailbox(tenantId, mailboxId, mailboxId);
    box.messages.set(id, { id, raw: Uint8Array.from(raw), direction, location: box.hold && direction === 'inbound' ? 'hold' : 'inbox', tags: new Set(), receivedAt: Date.now() });
    box.log.push({ messageId: id, direction });
    return id;
  }

  location(tenantId: string, mailboxId: string, messageId: string): MemoryLocation {
    return this.mailbox(tenantId, mailboxId)?.messages.get(messageId)?.location ?? 'gone';
  }

  count(method: string, messageId = ''): number {
    return this.calls.get(`${method}:${messageId}`) ?? 0;
  }

  /** Records a call and throws an injected fault when one is due. */
  touch(method: string, messageId = ''): void {
    this.calls.set(`${method}:${messageId}`, this.count(method, messageId) + 1);
    if (messageId) this.calls.set(`${method}:`, this.count(method) + 1);
    const fault = this.faults.find((f) => f.method === method && f.remaining > 0);
    if (fault) {
      fault.remaining -= 1;
      throw fault.error();
    }
  }

  injectFault(method: string, error: () => Error, times = 1): void {
    this.faults.push({ method, error, remaining: times });
  }
}

/** The process-wide store behind `memory` connections that name no remote URL (dev ingestion, embedded tests). */
export const sharedMemoryStore = new MemoryMailStore();
