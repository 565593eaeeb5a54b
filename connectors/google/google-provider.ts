import { AppError } from '../../src/core/errors.ts';
import type {
  ChangeBatch, ChangeTrigger, DlpPlanItem, DlpRuleSpec, HeldMessage, MailboxInfo, MailboxProvider, MailboxRef, MessageRef,
  OutgoingMail, RemediationAction, RemediationResult, SubscriptionState,
} from '../../src/core/provider.ts';
import type { TenantConnection } from '../index.ts';
import { DEFAULT_BACKOFF, withBackoff, type BackoffPolicy } from './backoff.ts';
import { GoogleClients } from './clients.ts';
import { missingScopes } from './delegation-check.ts';
import { listUsers } from './directory.ts';
import { syncGoogleDlp } from './dlp-google-sync.ts';
import { customerIdOf, PolicyApi } from './dlp-policy-client.ts';
import { fetchRaw } from './fetch-raw.ts';
import { holdSentinel, setHoldFilter } from './hold-filter.ts';
import { listHeldMessages } from './hold-list.ts';
import { syncHistory } from './history-sync.ts';
import { LabelResolver } from './labels.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { PoisonLedger } from './poison-ledger.ts';
import { remediate } from './remediation.ts';
import { sendAs } from './send-mail.ts';
import { parseGoogleSettings, type GoogleEndpoints, type GoogleSettings } from './settings.ts';
import { ensureWatch, stopWatch } from './watch.ts';

export interface GoogleProviderOptions {
  backoff?: BackoffPolicy;
  poisonLimit?: number;
  maxHistoryPages?: number;
  fullSyncLimit?: number;
}

/** Failure counts must outlive provider instances (the pipeline rebuilds them every minute). */
const PROCESS_POISON_LEDGER = new PoisonLedger(3);

/** Google Workspace through the Gmail API and the Admin SDK, as MailWarden's service account with DWD. */
export class GoogleProvider implements MailboxProvider {
  readonly id = 'google' as const;
  readonly settings: GoogleSettings;
  readonly clients: GoogleClients;
  readonly poison: PoisonLedger;
  private readonly labels: LabelResolver;
  private readonly backoff: BackoffPolicy;
  private readonly syncLock = new KeyedMutex();
  private readonly endpoints: GoogleEndpoints;
  private policyApi: PolicyApi | null = null;

  constructor(connection: TenantConnection, private readonly options: GoogleProviderOptions = {}) {
    this.settings = parseGoogleSettings(connection.settings);
    const endpoints: GoogleEndpoints = { apiRoot: connection.endpoints?.googleApis, tokenUrl: connection.endpoints?.googleToken };
    this.clients = new GoogleClients(this.settings, endpoints, this.settings.requestTimeoutMs);
    this.endpoints = endpoints;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.poison = options.poisonLimit === undefined ? PROCESS_POISON_LEDGER : new PoisonLedger(options.poisonLimit);
    this.labels = new LabelResolver(this.backoff);
  }

  /** Onboarding: which required delegation scopes the customer has not granted (empty = ready). */
  missingScopes(): Promise<string[]> {
    return missingScopes(this.clients, this.settings.adminEmail);
  }

  /** Onboarding: MailWarden's hidden labels exist in the mailbox before the first verdict needs them. */
  async prepareMailbox(mailbox: MailboxRef): Promise<void> {
    const gmail = this.gmail(mailbox);
    await this.labels.ensure(gmail, mailbox.address, this.settings.quarantineLabel, true);
    await this.labels.ensure(gmail, mailbox.address, this.settings.holdLabel, true);
  }

  listMailboxes(): Promise<MailboxInfo[]> {
    return listUsers(this.clients.directory(), this.backoff);
  }

  /** Gmail pushes to the Pub/Sub topic; `notificationUrl` is the push subscription's business, not the watch's. */
  ensureSubscription(mailbox: MailboxRef, existing: SubscriptionState | null, _notificationUrl: string): Promise<SubscriptionState> {
    return ensureWatch(this.gmail(mailbox), mailbox, existing, this.settings.topicName, this.backoff, Date.now(), async () => [await this.holdLabelId(mailbox)]);
  }

  removeSubscription(mailbox: MailboxRef, _existing: SubscriptionState): Promise<void> {
    return stopWatch(this.gmail(mailbox), this.backoff);
  }

  /**
   * One sync per mailbox at a time in this process. A push whose historyId is not past the cursor
   * (duplicate, or overtaken by a later push) is answered without calling Google.
   */
  listChanges(mailbox: MailboxRef, trigger: ChangeTrigger, cursor: string | null): Promise<ChangeBatch> {
    if (trigger.kind === 'notification' && trigger.hint && cursor !== null && /^\d+$/.test(trigger.hint) && BigInt(trigger.hint) <= BigInt(cursor)) {
      return Promise.resolve({ messages: [], nextCursor: null });
    }
    return this.syncLock.run(`${mailbox.tenantId}|${mailbox.mailboxId}`, () => syncHistory(this.gmail(mailbox), mailbox, cursor, {
      backoff: this.backoff,
      poison: this.poison,
      maxPages: this.options.maxHistoryPages ?? 20,
      fullSyncLimit: this.options.fullSyncLimit ?? 200,
    }));
  }

  fetchRaw(ref: MessageRef, options: { maxBytes: number }): Promise<Uint8Array> {
    return fetchRaw(this.gmail(ref.mailbox), ref.messageId, options.maxBytes, this.backoff);
  }

  remediate(ref: MessageRef, action: RemediationAction, options: { tag?: string } = {}): Promise<RemediationResult> {
    return remediate({
      gmail: this.gmail(ref.mailbox),
      mailbox: ref.mailbox.address,
      labels: this.labels,
      quarantineLabel: this.settings.quarantineLabel,
      holdLabel: this.settings.holdLabel,
      backoff: this.backoff,
    }, ref.messageId, action, options.tag);
  }

  /** Release after a purge: insert (no filters, no spam check) into INBOX from the vault copy. */
  async restoreRaw(mailbox: MailboxRef, raw: Uint8Array): Promise<string> {
    const gmail = this.gmail(mailbox);
    const res = await withBackoff('messages.insert', () => gmail.users.messages.insert({
      userId: 'me', internalDateSource: 'dateHeader', requestBody: { raw: Buffer.from(raw).toString('base64url'), labelIds: ['INBOX', 'UNREAD'] },
    }), this.backoff);
    if (!res.data.id) throw new AppError('provider_unavailable', 'messages.insert answered without id');
    return res.data.id;
  }

  async installHold(mailbox: MailboxRef, enabled: boolean): Promise<void> {
    const gmail = this.gmail(mailbox);
    const holdLabelId = await this.holdLabelId(mailbox);
    const created = await setHoldFilter(gmail, holdLabelId, holdSentinel(this.settings.serviceAccount.client_email, this.settings.domain), enabled, this.backoff);
    // Held mail has no INBOX label, so a watch made before the hold label was watched would not push for it:
    // watch again (same topic; Gmail replaces the watch) when the filter is new.
    if (created && enabled) await ensureWatch(gmail, mailbox, null, this.settings.topicName, this.backoff, Date.now(), async () => [holdLabelId]);
  }

  async listHeld(mailbox: MailboxRef, olderThan: Date, limit: number): Promise<HeldMessage[]> {
    return listHeldMessages(this.gmail(mailbox), await this.holdLabelId(mailbox), olderThan, limit, this.backoff);
  }

  private holdLabelId(mailbox: MailboxRef): Promise<string> {
    return this.labels.ensure(this.gmail(mailbox), mailbox.address, this.settings.holdLabel, true);
  }

  /**
   * The policy's DLP rules as Gmail DLP rules and detectors through the Cloud Identity Policy API, as the
   * customer's admin (needs the `cloud-identity.policies` scope in the domain-wide delegation grant).
   */
  async syncDlpRules(rules: DlpRuleSpec[], apply: boolean): Promise<DlpPlanItem[]> {
    this.policyApi ??= new PolicyApi(this.settings, this.endpoints, this.backoff);
    const customer = `customers/${this.settings.customerId ?? (await customerIdOf(this.clients.directory(), this.backoff))}`;
    return syncGoogleDlp(this.policyApi, { customer, ...(this.settings.dlpOrgUnitId ? { orgUnit: `orgUnits/${this.settings.dlpOrgUnitId}` } : {}) }, rules, apply);
  }

  sendMail(mail: OutgoingMail): Promise<void> {
    const from = mail.from || this.settings.alertSender;
    return sendAs(this.clients.gmail(from), { ...mail, from }, this.backoff);
  }

  private gmail(mailbox: MailboxRef) {
    return this.clients.gmail(mailbox.address);
  }
}

export function createGoogleProvider(connection: TenantConnection): MailboxProvider {
  return new GoogleProvider(connection);
}
