/**
 * In-memory state of the emulated Microsoft cloud, with the mailbox operations the routes and the control API
 * share: deliver (with inbox rules), move (new REST id), delete, purge. Every change lands in the folder change
 * logs (for delta) and is announced to listeners (for subscriptions).
 */
import type { Group } from './directory-groups.ts';
import { createHash } from 'node:crypto';
import { summarizeMime } from './mime-summary.ts';
import { graphId, guid, type AppRegistration, type Folder, type Message, type MessageRule, type RuleConditions, type Subscription, type Tenant, type User, type WellKnown } from './model.ts';

export type ChangeKind = 'created' | 'updated' | 'deleted';
export type ChangeListener = (msg: Message, folderId: string, kind: ChangeKind) => void;

const WELL_KNOWN: [WellKnown, string, boolean][] = [
  ['msgfolderroot', 'Top of Information Store', false],
  ['inbox', 'Inbox', false],
  ['sentitems', 'Sent Items', false],
  ['deleteditems', 'Deleted Items', false],
  ['junkemail', 'Junk Email', false],
  ['drafts', 'Drafts', false],
  ['archive', 'Archive', false],
  ['recoverableitemsdeletions', 'Deletions', true],
];

export class MailStore {
  readonly apps = new Map<string, AppRegistration>();
  readonly tenants = new Map<string, Tenant>();
  readonly users = new Map<string, User>();
  readonly folders = new Map<string, Folder>();
  /** By immutable id. */
  readonly messages = new Map<string, Message>();
  /** REST id → immutable id, for the current REST id only. */
  readonly restIndex = new Map<string, string>();
  readonly rules = new Map<string, MessageRule>();
  readonly subscriptions = new Map<string, Subscription>();
  /** Entra ID groups (directory-groups.ts). */
  readonly groups = new Map<string, Group>();
  private seq = 0;
  private readonly listeners: ChangeListener[] = [];

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  addApp(appId: string = guid(), redirectUris: string[] = []): AppRegistration {
    const app: AppRegistration = { appId, secrets: [], certificates: new Map(), redirectUris };
    this.apps.set(appId, app);
    return app;
  }

  addTenant(domain: string, id: string = guid()): Tenant {
    const tenant: Tenant = { id, domain, consentedApps: new Set() };
    this.tenants.set(id, tenant);
    return tenant;
  }

  addUser(tenantId: string, localPart: string, displayName = localPart): User {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    const address = `${localPart}@${tenant.domain}`;
    const user: User = { id: guid(), tenantId, userPrincipalName: address, mail: address, displayName, accountEnabled: true, mailboxEnabled: true, accessDenied: false };
    this.users.set(user.id, user);
    for (const [wk, name, hidden] of WELL_KNOWN) this.createFolder(user.id, name, wk === 'msgfolderroot' ? '' : this.wellKnown(user.id, 'msgfolderroot').id, hidden, wk);
    return user;
  }

  findUser(idOrUpn: string): User | undefined {
    const direct = this.users.get(idOrUpn);
    if (direct) return direct;
    const lower = idOrUpn.toLowerCase();
    for (const u of this.users.values()) if (u.userPrincipalName.toLowerCase() === lower || u.mail.toLowerCase() === lower) return u;
    return undefined;
  }

  createFolder(userId: string, displayName: string, parentFolderId: string, isHidden = false, wellKnownName?: WellKnown): Folder {
    const folder: Folder = { id: graphId('AAMkF'), userId, displayName, parentFolderId, isHidden, log: [] };
    if (wellKnownName) folder.wellKnownName = wellKnownName;
    this.folders.set(folder.id, folder);
    return folder;
  }

  wellKnown(userId: string, name: WellKnown): Folder {
    for (const f of this.folders.values()) if (f.userId === userId && f.wellKnownName === name) return f;
    throw new Error(`mailbox ${userId} has no ${name}`);
  }

  /** A folder by id or well-known name, within one mailbox. */
  resolveFolder(userId: string, idOrName: string): Folder | undefined {
    const byId = this.folders.get(idOrName);
    if (byId) return byId.userId === userId ? byId : undefined;
    const lower = idOrName.toLowerCase();
    for (const f of this.folders.values()) if (f.userId === userId && f.wellKnownName === lower) return f;
    return undefined;
  }

  /** A message by REST id or immutable id, within one mailbox. Stale REST ids (before a move) do not resolve. */
  resolveMessage(userId: string, id: string): Message | undefined {
    const m = this.messages.get(id) ?? this.messages.get(this.restIndex.get(id) ?? '');
    return m && m.userId === userId ? m : undefined;
  }

  folderMessages(folderId: string): Message[] {
    return [...this.messages.values()].filter((m) => m.folderId === folderId);
  }

  /** Put a MIME message into a mailbox as the transport would: inbox rules run when it lands in the inbox. */
  deliver(userId: string, raw: Buffer, folderName: WellKnown | string = 'inbox', options: { applyRules?: boolean } = {}): Message {
    const folder = this.resolveFolder(userId, folderName);
    if (!folder) throw new Error(`no folder ${folderName}`);
    const s = summarizeMime(raw);
    const now = new Date().toISOString();
    const msg: Message = {
      immutableId: graphId('AAkALg'),
      restId: graphId('AAMkAG'),
      userId,
      folderId: folder.id,
      raw,
      subject: s.subject,
      from: s.from,
      to: s.to,
      internetMessageId: s.messageId || `<${guid()}@emulator.local>`,
      receivedDateTime: now,
      lastModifiedDateTime: now,
      categories: [],
      isRead: false,
      isDraft: false,
      bodyPreview: s.preview,
      changeKey: graphId('CQ'),
      headers: s.headers,
    };
    this.messages.set(msg.immutableId, msg);
    this.restIndex.set(msg.restId, msg.immutableId);
    this.record(folder.id, msg, 'upsert');
    this.emit(msg, folder.id, 'created');
    if (folder.wellKnownName === 'inbox' && options.applyRules !== false) this.applyRules(msg);
    return msg;
  }

  /** Move within the mailbox: the REST id changes, the immutable id stays. */
  move(msg: Message, destination: Folder): void {
    if (msg.folderId === destination.id) return;
    const from = msg.folderId;
    // The source folder's log must name the id the client knew, so record before the REST id changes.
    this.record(from, msg, 'removed');
    this.restIndex.delete(msg.restId);
    msg.restId = graphId('AAMkAG');
    this.restIndex.set(msg.restId, msg.immutableId);
    msg.folderId = destination.id;
    this.touch(msg);
    this.emit(msg, from, 'deleted');
    this.record(destination.id, msg, 'upsert');
    this.emit(msg, destination.id, 'created');
  }

  update(msg: Message, patch: { categories?: string[]; isRead?: boolean }): void {
    if (patch.categories) msg.categories = [...patch.categories];
    if (patch.isRead !== undefined) msg.isRead = patch.isRead;
    this.touch(msg);
    this.record(msg.folderId, msg, 'upsert');
    this.emit(msg, msg.folderId, 'updated');
  }

  /** Gone for good (permanentDelete, or a rule's delete of something already deleted). */
  purge(msg: Message): void {
    this.messages.delete(msg.immutableId);
    this.restIndex.delete(msg.restId);
    this.record(msg.folderId, msg, 'removed');
    this.emit(msg, msg.folderId, 'deleted');
  }

  currentSeq(): number {
    return this.seq;
  }

  private touch(msg: Message): void {
    msg.lastModifiedDateTime = new Date().toISOString();
    msg.changeKey = graphId('CQ');
  }

  private record(folderId: string, msg: Message, kind: 'upsert' | 'removed'): void {
    this.folders.get(folderId)?.log.push({ seq: ++this.seq, immutableId: msg.immutableId, restId: msg.restId, kind });
  }

  private emit(msg: Message, folderId: string, kind: ChangeKind): void {
    for (const l of this.listeners) l(msg, folderId, kind);
  }

  private applyRules(msg: Message): void {
    const rules = [...this.rules.values()].filter((r) => r.userId === msg.userId && r.isEnabled).sort((a, b) => a.sequence - b.sequence);
    for (const rule of rules) {
      if (!matches(msg, rule.conditions, true) || matches(msg, rule.exceptions, false)) continue;
      const a = rule.actions;
      if (a.assignCategories?.length || a.markAsRead) {
        this.update(msg, { categories: [...new Set([...msg.categories, ...(a.assignCategories ?? [])])], ...(a.markAsRead ? { isRead: true } : {}) });
      }
      if (a.delete) this.move(msg, this.wellKnown(msg.userId, 'deleteditems'));
      else if (a.moveToFolder) {
        const dest = this.resolveFolder(msg.userId, a.moveToFolder);
        if (dest) this.move(msg, dest);
      }
      if (a.stopProcessingRules) break;
    }
  }
}

/** Conditions are ANDed across kinds, ORed within a kind. No conditions means "every message". */
function matches(msg: Message, c: RuleConditions | undefined, emptyMeans: boolean): boolean {
  if (!c) return emptyMeans;
  const checks: boolean[] = [];
  const has = (hay: string, needles: string[]) => needles.some((n) => hay.toLowerCase().includes(n.toLowerCase()));
  const headerText = Object.entries(msg.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
  if (c.senderContains?.length) checks.push(has(`${msg.from.name} ${msg.from.address}`, c.senderContains));
  if (c.subjectContains?.length) checks.push(has(msg.subject, c.subjectContains));
  if (c.bodyOrSubjectContains?.length) checks.push(has(`${msg.subject}\n${msg.raw.toString('utf8')}`, c.bodyOrSubjectContains));
  if (c.headerContains?.length) checks.push(has(headerText, c.headerContains));
  if (c.fromAddresses?.length) checks.push(c.fromAddresses.some((a) => a.emailAddress.address.toLowerCase() === msg.from.address.toLowerCase()));
  if (c.sentToAddresses?.length) checks.push(c.sentToAddresses.some((a) => msg.to.some((t) => t.address.toLowerCase() === a.emailAddress.address.toLowerCase())));
  if (checks.length === 0) return emptyMeans;
  return checks.every(Boolean);
}

/** Stable thumbprint format MSAL sends in x5t#S256. */
export function certThumbprintSha256(pemCert: string): string {
  const der = Buffer.from(pemCert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('base64url');
}
