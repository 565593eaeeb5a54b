import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../src/core/errors.ts';
import type { MailboxProvider, MailboxRef, MessageRef, RemediationAction, RemediationResult } from '../../src/core/provider.ts';
import type { MemoryLocation, MemoryMailStore } from './mail-store.ts';

const TARGET: Partial<Record<RemediationAction, MemoryLocation>> = { quarantine: 'quarantine', junk: 'junk', trash: 'trash' };
const SUBSCRIPTION_LIFETIME_MS = 3 * 24 * 3600_000;
const MAX_BATCH = 1000;

/**
 * A complete MailboxProvider over a MemoryMailStore: the reference behaviour the real connectors are held to
 * by the conformance suite (idempotent actions, typed errors, size caps).
 */
export function createMemoryProvider(store: MemoryMailStore, tenantId: string): MailboxProvider {
  const box = (mailbox: MailboxRef) => {
    const found = store.mailbox(tenantId, mailbox.mailboxId);
    if (!found) throw new AppError('mailbox_unavailable', 'unknown mailbox');
    return found;
  };
  const message = (ref: MessageRef) => {
    const found = box(ref.mailbox).messages.get(ref.messageId);
    if (!found || found.location === 'gone') throw new AppError('not_found', 'message not found');
    return found;
  };
  return {
    id: 'memory',
    async listMailboxes() {
      store.touch('listMailboxes');
      return [...store.mailboxes.values()]
        .filter((b) => b.tenantId === tenantId)
        .map((b) => ({ mailboxId: b.mailboxId, address: b.address, displayName: null, enabled: true }));
    },
    async ensureSubscription(mailbox, existing) {
      store.touch('ensureSubscription');
      const b = box(mailbox);
      b.subscription = {
        id: existing?.id ?? b.subscription?.id ?? randomUUID(),
        expiresAt: new Date(Date.now() + SUBSCRIPTION_LIFETIME_MS),
        secret: existing?.secret ?? randomBytes(16).toString('hex'),
      };
      return { ...b.subscription, cursor: existing?.cursor ?? String(b.log.length) };
    },
    async removeSubscription(mailbox) {
      store.touch('removeSubscription');
      box(mailbox).subscription = null;
    },
    async listChanges(mailbox, trigger, cursor) {
      store.touch('listChanges');
      const b = box(mailbox);
      if (trigger.kind === 'notification' && trigger.messageIds) {
        const messages = trigger.messageIds
          .map((id) => b.messages.get(id))
          .filter((m) => m !== undefined && m.location !== 'gone')
          .map((m) => ({ messageId: m!.id, direction: m!.direction }));
        return { messages, nextCursor: null };
      }
      const from = cursor === null ? 0 : Number(cursor);
      if (!Number.isInteger(from) || from < 0 || from > b.log.length) throw new AppError('cursor_expired', 'cursor out of range');
      const slice = b.log.slice(from, from + MAX_BATCH);
      return { messages: slice.map((e) => ({ ...e })), nextCursor: String(from + slice.length) };
    },
    async fetchRaw(ref, { maxBytes }) {
      store.touch('fetchRaw', ref.messageId);
      const m = message(ref);
      if (m.raw.byteLength > maxBytes) throw new AppError('limit_exceeded', `message is ${m.raw.byteLength} bytes, cap ${maxBytes}`);
      return Uint8Array.from(m.raw);
    },
    async remediate(ref, action, options): Promise<RemediationResult> {
      store.touch('remediate', ref.messageId);
      const b = box(ref.mailbox);
      const m = b.messages.get(ref.messageId);
      if (action === 'purge') {
        if (!m || m.location === 'gone') return { changed: false };
        m.location = 'gone';
        return { changed: true };
      }
      if (!m || m.location === 'gone') throw new AppError('not_found', 'message not found');
      if (action === 'tag') {
        const tag = options?.tag ?? 'MailWarden';
        if (m.tags.has(tag)) return { changed: false };
        m.tags.add(tag);
        return { changed: true };
      }
      if (action === 'release' || action === 'hold_release') {
        if (m.location === 'inbox') return { changed: false };
        if (action === 'hold_release' && m.location !== 'hold') throw new AppError('conflict', `message is in ${m.location}, not held`);
        m.location = 'inbox';
        return { changed: true };
      }
      const target = TARGET[action]!;
      if (m.location === target) return { changed: false };
      m.location = target;
      return { changed: true };
    },
    async restoreRaw(mailbox, raw) {
      store.touch('restoreRaw');
      box(mailbox);
      return store.deliver(tenantId, mailbox.mailboxId, raw, 'inbound');
    },
    async installHold(mailbox, enabled) {
      store.touch('installHold');
      box(mailbox).hold = enabled;
    },
    async listHeld(mailbox, olderThan, limit) {
      store.touch('listHeld');
      return [...box(mailbox).messages.values()]
        .filter((m) => m.location === 'hold' && m.receivedAt < olderThan.getTime())
        .sort((a, b) => a.receivedAt - b.receivedAt)
        .slice(0, limit)
        .map((m) => ({ messageId: m.id, receivedAt: new Date(m.receivedAt) }));
    },
    async syncDlpRules(rules, apply) {
      store.touch('syncDlpRules');
      const current = new Map((store.dlpRules.get(tenantId) ?? []).map((r) => [r.name, r]));
      const plan = rules.map((r) => {
        const old = current.get(r.name);
        const op: 'create' | 'update' | 'keep' = !old ? 'create' : JSON.stringify(old) === JSON.stringify(r) ? 'keep' : 'update';
        return { op, name: r.name, detail: `${r.action}, ${r.patterns.length} pattern group(s)` };
      });
      const wanted = new Set(rules.map((r) => r.name));
      const removals = [...current.keys()].filter((n) => !wanted.has(n)).map((name) => ({ op: 'delete' as const, name, detail: 'not wanted' }));
      if (apply) store.dlpRules.set(tenantId, rules.map((r) => structuredClone(r)));
      return [...plan, ...removals];
    },
    async sendMail(mail) {
      store.touch('sendMail');
      store.outbox.push(structuredClone(mail));
    },
  };
}
