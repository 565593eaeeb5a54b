/**
 * Microsoft 365 as a MailboxProvider: MSAL app-only auth, the Graph SDK client, a per-mailbox gate (4
 * concurrent, Retry-After honoured), and the parts in this folder wired together.
 */
import { groupsOfUsers } from './user-groups.ts';
import type { TenantConnection } from '../index.ts';
import { isAppError } from '../../src/core/errors.ts';
import type {
  ChangeBatch,
  ChangeTrigger,
  DlpPlanItem,
  DlpRuleSpec,
  HeldMessage,
  MailboxInfo,
  MailboxProvider,
  MailboxRef,
  MessageRef,
  OutgoingMail,
  RemediationAction,
  RemediationResult,
  SubscriptionState,
} from '../../src/core/provider.ts';
import { ChangeReader } from './changes.ts';
import { fetchRawMime } from './fetch-raw.ts';
import { sharedFolders, type FolderCache } from './folders.ts';
import { GraphApi, seg } from './graph-api.ts';
import { createGraphClient } from './graph-client.ts';
import { EXCHANGE_SCOPE, ExchangeAdminClient } from './dlp-exchange-client.ts';
import { syncTransportRules } from './dlp-transport-sync.ts';
import { listHeldMessages } from './hold-list.ts';
import { installHoldRule } from './hold-rule.ts';
import { sharedGate, type MailboxGate } from './mailbox-gate.ts';
import { createTokenSource } from './msal-auth.ts';
import { Remediator, restoreRawMime } from './remediation.ts';
import { parseM365Endpoints, parseM365Settings, type M365Endpoints, type M365Settings } from './settings.ts';
import { SubscriptionManager } from './subscriptions.ts';

interface UserJson {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string | null;
  accountEnabled?: boolean;
}

export class M365Provider implements MailboxProvider {
  readonly id = 'm365' as const;
  readonly api: GraphApi;
  readonly gate: MailboxGate;
  private readonly folders: FolderCache;
  private readonly changes: ChangeReader;
  private readonly remediator: Remediator;
  private readonly subs: SubscriptionManager;
  private exchange: ExchangeAdminClient | null = null;

  constructor(readonly settings: M365Settings, private readonly endpoints: M365Endpoints) {
    const tokens = createTokenSource(settings, endpoints);
    this.gate = sharedGate(`${endpoints.graph}|${settings.clientId}|${settings.azureTenantId}`, { maxConcurrent: settings.maxConcurrentPerMailbox, maxAttempts: settings.maxAttempts, maxRetryAfterMs: settings.maxRetryAfterMs, baseBackoffMs: 200 });
    this.api = new GraphApi(createGraphClient(tokens, endpoints, settings.requestTimeoutMs), tokens, this.gate);
    this.folders = sharedFolders(`${endpoints.graph}|${settings.clientId}|${settings.azureTenantId}`, this.api);
    this.changes = new ChangeReader(this.api, this.folders, settings);
    this.remediator = new Remediator(this.api, this.folders, settings);
    this.subs = new SubscriptionManager(this.api, settings.subscriptionMinutes, (box) => this.changes.baseline(box));
  }

  async listMailboxes(): Promise<MailboxInfo[]> {
    const out: MailboxInfo[] = [];
    let next: string | undefined = '/users?$select=id,userPrincipalName,mail,displayName,accountEnabled&$top=999';
    while (next) {
      const url: string = next;
      const page: { value: UserJson[]; '@odata.nextLink'?: string } = await this.api.call('*', 'list users', (c) => c.api(url).get());
      for (const u of page.value) {
        // Users without a mail address have no mailbox to protect (rooms without Exchange, guests).
        if (!u.mail) continue;
        out.push({ mailboxId: u.id, address: u.mail.toLowerCase(), displayName: u.displayName, enabled: u.accountEnabled !== false });
      }
      next = page['@odata.nextLink'];
    }
    // Group memberships for per-group policy; unknown (left out) when the app may not read them.
    const groups = await groupsOfUsers(this.api, out.map((u) => u.mailboxId));
    if (groups) for (const u of out) u.groups = groups.get(u.mailboxId) ?? [];
    return out;
  }

  ensureSubscription(mailbox: MailboxRef, existing: SubscriptionState | null, notificationUrl: string): Promise<SubscriptionState> {
    return this.subs.ensure(mailbox, existing, notificationUrl);
  }

  /** Answer to `reauthorizationRequired`: reauthorize, recreating when Graph no longer knows the subscription. */
  async reauthorize(mailbox: MailboxRef, existing: SubscriptionState, notificationUrl: string): Promise<SubscriptionState> {
    try {
      await this.subs.reauthorize(existing);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'not_found') throw err;
    }
    // Renewing also recreates the subscription when Graph no longer knows it (cursor kept for catch-up).
    return this.subs.ensure(mailbox, existing, notificationUrl);
  }

  /** Create our hidden quarantine folder and learn the folder ids up front, off the path of the first message. */
  async prepareMailbox(mailbox: MailboxRef): Promise<void> {
    await this.folders.ensure(mailbox.mailboxId, this.settings.quarantineFolderName);
    for (const name of ['inbox', 'sentitems', 'junkemail', 'deleteditems', 'drafts', 'recoverableitemsdeletions']) await this.folders.wellKnown(mailbox.mailboxId, name);
  }

  removeSubscription(_mailbox: MailboxRef, existing: SubscriptionState): Promise<void> {
    return this.subs.remove(existing);
  }

  listChanges(mailbox: MailboxRef, trigger: ChangeTrigger, cursor: string | null): Promise<ChangeBatch> {
    return this.changes.list(mailbox, trigger, cursor);
  }

  fetchRaw(ref: MessageRef, options: { maxBytes: number }): Promise<Uint8Array> {
    return fetchRawMime(this.api, ref.mailbox.mailboxId, ref.messageId, options.maxBytes);
  }

  remediate(ref: MessageRef, action: RemediationAction, options?: { tag?: string }): Promise<RemediationResult> {
    return this.remediator.apply(ref, action, options?.tag);
  }

  restoreRaw(mailbox: MailboxRef, raw: Uint8Array): Promise<string> {
    return restoreRawMime(this.api, this.settings, mailbox.mailboxId, raw);
  }

  async installHold(mailbox: MailboxRef, enabled: boolean): Promise<void> {
    await installHoldRule(this.api, this.folders, this.settings, mailbox.mailboxId, enabled);
  }

  listHeld(mailbox: MailboxRef, olderThan: Date, limit: number): Promise<HeldMessage[]> {
    return listHeldMessages(this.api, this.folders, this.settings, mailbox.mailboxId, olderThan, limit);
  }

  /**
   * The policy's DLP rules as Exchange Online transport rules, through the Exchange admin API (Graph cannot
   * write them). Needs Exchange.ManageAsApp and an Exchange role with Transport Rules; see dlp-transport-sync.ts.
   */
  syncDlpRules(rules: DlpRuleSpec[], apply: boolean): Promise<DlpPlanItem[]> {
    this.exchange ??= new ExchangeAdminClient(createTokenSource(this.settings, this.endpoints, EXCHANGE_SCOPE), this.endpoints.exchange, this.settings.azureTenantId, { maxAttempts: this.settings.maxAttempts, maxRetryAfterMs: this.settings.maxRetryAfterMs });
    return syncTransportRules(this.exchange, rules, apply);
  }

  async sendMail(mail: OutgoingMail): Promise<void> {
    const message = {
      subject: mail.subject,
      body: mail.html ? { contentType: 'HTML', content: mail.html } : { contentType: 'Text', content: mail.text },
      toRecipients: mail.to.map((address) => ({ emailAddress: { address } })),
    };
    await this.api.call(mail.from, 'send mail', (c) => c.api(`/users/${seg(mail.from)}/sendMail`).post({ message, saveToSentItems: true }));
  }
}

export function createM365Provider(connection: TenantConnection): M365Provider {
  return new M365Provider(parseM365Settings(connection.settings), parseM365Endpoints(connection.endpoints));
}
