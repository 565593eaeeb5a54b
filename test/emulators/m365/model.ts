/**
 * The emulated tenant data: apps, tenants, users, folders, messages, inbox rules, subscriptions.
 * Plain objects kept in memory; the routes mutate them through {@link MailStore} so change logs stay right.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** An app registration (multi-tenant) with its credentials. */
export interface AppRegistration {
  appId: string;
  secrets: string[];
  /** base64url SHA-256 thumbprint → PEM certificate, for certificate assertions. */
  certificates: Map<string, string>;
  redirectUris: string[];
}

export interface Tenant {
  id: string;
  domain: string;
  /** App ids whose admin consent is in force. */
  consentedApps: Set<string>;
}

export interface User {
  id: string;
  tenantId: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  accountEnabled: boolean;
  /** False makes every mail call answer 404 MailboxNotEnabledForRESTAPI. */
  mailboxEnabled: boolean;
  /** True makes every mail call answer 403 ErrorAccessDenied (application access policy). */
  accessDenied: boolean;
}

export type WellKnown = 'inbox' | 'sentitems' | 'deleteditems' | 'junkemail' | 'drafts' | 'archive' | 'recoverableitemsdeletions' | 'msgfolderroot';

export interface Folder {
  id: string;
  userId: string;
  displayName: string;
  parentFolderId: string;
  wellKnownName?: WellKnown;
  isHidden: boolean;
  /** Change log for delta: seq numbers are per mailbox. */
  log: { seq: number; immutableId: string; restId: string; kind: 'upsert' | 'removed' }[];
}

export interface Message {
  immutableId: string;
  /** The REST id; changes on every move (the immutable id does not). */
  restId: string;
  userId: string;
  folderId: string;
  raw: Buffer;
  subject: string;
  from: { name: string; address: string };
  to: { name: string; address: string }[];
  internetMessageId: string;
  receivedDateTime: string;
  lastModifiedDateTime: string;
  categories: string[];
  isRead: boolean;
  isDraft: boolean;
  bodyPreview: string;
  changeKey: string;
  headers: Record<string, string>;
}

export interface RuleConditions {
  senderContains?: string[];
  subjectContains?: string[];
  bodyOrSubjectContains?: string[];
  fromAddresses?: { emailAddress: { address: string } }[];
  headerContains?: string[];
  sentToAddresses?: { emailAddress: { address: string } }[];
}

export interface MessageRule {
  id: string;
  userId: string;
  displayName: string;
  sequence: number;
  isEnabled: boolean;
  conditions?: RuleConditions;
  exceptions?: RuleConditions;
  actions: { moveToFolder?: string; assignCategories?: string[]; markAsRead?: boolean; delete?: boolean; stopProcessingRules?: boolean };
}

export interface Subscription {
  id: string;
  appId: string;
  tenantId: string;
  resource: string;
  userId: string;
  /** Folder id, or '*' for every folder of the mailbox. */
  folderId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  /** Created with Prefer: IdType="ImmutableId": notifications carry immutable ids. */
  immutableIds: boolean;
  createdAt: number;
}

/** Graph ids are long URL-safe base64 strings; the prefix tells kinds apart when reading logs. */
export function graphId(prefix: string): string {
  return prefix + randomBytes(30).toString('base64url');
}

export function guid(): string {
  return randomUUID();
}
