/**
 * Graph JSON shapes of the emulated resources, with `$select` and the Prefer IdType choice applied.
 */
import type { MailStore } from './mail-store.ts';
import type { Folder, Message, MessageRule, User } from './model.ts';

export function selectFields(obj: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (!select) return obj;
  const keep = new Set(select.split(',').map((s) => s.trim()).concat(['id', '@odata.etag', '@odata.type', '@removed']));
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keep.has(k)));
}

export function messageId(msg: Message, immutable: boolean): string {
  return immutable ? msg.immutableId : msg.restId;
}

export function renderMessage(store: MailStore, msg: Message, immutable: boolean, select: string | null): Record<string, unknown> {
  const folder = store.folders.get(msg.folderId);
  return selectFields(
    {
      '@odata.etag': `W/"${msg.changeKey}"`,
      id: messageId(msg, immutable),
      createdDateTime: msg.receivedDateTime,
      lastModifiedDateTime: msg.lastModifiedDateTime,
      changeKey: msg.changeKey,
      categories: msg.categories,
      receivedDateTime: msg.receivedDateTime,
      sentDateTime: msg.receivedDateTime,
      hasAttachments: /content-disposition:\s*attachment/i.test(msg.raw.toString('latin1')),
      internetMessageId: msg.internetMessageId,
      subject: msg.subject,
      bodyPreview: msg.bodyPreview,
      importance: 'normal',
      parentFolderId: folder?.id ?? msg.folderId,
      conversationId: `AAQk${msg.immutableId.slice(6, 30)}`,
      isRead: msg.isRead,
      isDraft: msg.isDraft,
      webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(msg.restId)}`,
      from: { emailAddress: msg.from },
      sender: { emailAddress: msg.from },
      toRecipients: msg.to.map((emailAddress) => ({ emailAddress })),
      ccRecipients: [],
      bccRecipients: [],
      replyTo: [],
      flag: { flagStatus: 'notFlagged' },
    },
    select,
  );
}

export function renderFolder(store: MailStore, f: Folder): Record<string, unknown> {
  const children = [...store.folders.values()].filter((c) => c.parentFolderId === f.id);
  const msgs = store.folderMessages(f.id);
  return {
    id: f.id,
    displayName: f.displayName,
    parentFolderId: f.parentFolderId,
    childFolderCount: children.length,
    unreadItemCount: msgs.filter((m) => !m.isRead).length,
    totalItemCount: msgs.length,
    sizeInBytes: msgs.reduce((n, m) => n + m.raw.length, 0),
    isHidden: f.isHidden,
  };
}

export function renderUser(u: User, select: string | null): Record<string, unknown> {
  return selectFields(
    { id: u.id, userPrincipalName: u.userPrincipalName, mail: u.mail, displayName: u.displayName, accountEnabled: u.accountEnabled, businessPhones: [], jobTitle: null },
    select,
  );
}

export function renderRule(r: MessageRule): Record<string, unknown> {
  return { id: r.id, displayName: r.displayName, sequence: r.sequence, isEnabled: r.isEnabled, hasError: false, isReadOnly: false, conditions: r.conditions ?? {}, actions: r.actions, exceptions: r.exceptions ?? {} };
}
