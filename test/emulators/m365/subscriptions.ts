/**
 * /subscriptions: create (with the validation handshake), list, get, PATCH renew, reauthorize, DELETE; change
 * notifications for mailbox changes; lifecycle notifications (reauthorizationRequired, subscriptionRemoved,
 * missed).
 */
import { randomUUID } from 'node:crypto';
import { badRequest, graphError, jsonBody, noContent, ok, type GraphRequestContext, type GraphResponse } from './graph-response.ts';
import type { MailStore } from './mail-store.ts';
import { guid, type Message, type Subscription } from './model.ts';
import type { Notifier } from './notifier.ts';

export interface SubscriptionOptions {
  /** Graph's cap for Outlook resources is 10,080 minutes (just under 7 days). */
  maxExpirationMinutes: number;
  validationTimeoutMs: number;
  /** Real Graph demands https notification URLs; tests that serve plain http can relax it. */
  allowHttpNotificationUrl: boolean;
  /** Send a "missed" lifecycle event when a batch is given up. */
  announceMissed: boolean;
}

export const DEFAULT_SUBSCRIPTIONS: SubscriptionOptions = { maxExpirationMinutes: 10_080, validationTimeoutMs: 10_000, allowHttpNotificationUrl: false, announceMissed: true };

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export class Subscriptions {
  validations = 0;

  constructor(private readonly store: MailStore, private readonly notifier: Notifier, readonly options: SubscriptionOptions) {
    store.onChange((msg, folderId, kind) => this.onChange(msg, folderId, kind));
    notifier.onAbandoned = (_url, items) => {
      if (!this.options.announceMissed) return;
      const ids = new Set(items.map((n) => String(n.subscriptionId)));
      for (const id of ids) this.lifecycle(id, 'missed');
    };
  }

  async route(ctx: GraphRequestContext, id: string | undefined, action: string | undefined): Promise<GraphResponse> {
    if (id === undefined) {
      if (ctx.method === 'POST') return this.create(ctx);
      if (ctx.method === 'GET') return ok({ value: this.live().filter((s) => s.appId === ctx.appId).map(render) });
      return graphError(405, 'MethodNotAllowed', 'Method not allowed');
    }
    const sub = this.get(id);
    if (!sub || sub.appId !== ctx.appId) return graphError(404, 'ResourceNotFound', `The object was not found. Subscription '${id}'`);
    if (action === 'reauthorize' && ctx.method === 'POST') return noContent();
    if (action !== undefined) return graphError(400, 'BadRequest', 'Unsupported segment');
    if (ctx.method === 'GET') return ok(render(sub));
    if (ctx.method === 'DELETE') {
      this.store.subscriptions.delete(sub.id);
      return noContent();
    }
    if (ctx.method === 'PATCH') {
      const body = jsonBody<{ expirationDateTime?: string }>(ctx);
      const problem = this.checkExpiry(body?.expirationDateTime);
      if (problem) return problem;
      sub.expirationDateTime = new Date(body!.expirationDateTime!).toISOString();
      return ok(render(sub));
    }
    return graphError(405, 'MethodNotAllowed', 'Method not allowed');
  }

  /** Send a lifecycle notification now (control API and missed deliveries). */
  lifecycle(subscriptionId: string, event: LifecycleEvent): boolean {
    const sub = this.store.subscriptions.get(subscriptionId);
    if (!sub) return false;
    if (event === 'subscriptionRemoved') this.store.subscriptions.delete(sub.id);
    if (!sub.lifecycleNotificationUrl) return false;
    this.notifier.enqueue(
      sub.lifecycleNotificationUrl,
      { subscriptionId: sub.id, subscriptionExpirationDateTime: sub.expirationDateTime, tenantId: sub.tenantId, clientState: sub.clientState, lifecycleEvent: event },
      false,
    );
    return true;
  }

  live(): Subscription[] {
    const now = Date.now();
    for (const s of this.store.subscriptions.values()) if (Date.parse(s.expirationDateTime) <= now) this.store.subscriptions.delete(s.id);
    return [...this.store.subscriptions.values()];
  }

  private get(id: string): Subscription | undefined {
    return this.live().find((s) => s.id === id);
  }

  private checkExpiry(value: string | undefined): GraphResponse | null {
    const at = value ? Date.parse(value) : NaN;
    if (!Number.isFinite(at)) return badRequest('expirationDateTime is required.', 'InvalidRequest');
    if (at <= Date.now()) return badRequest('Subscription expiration must be in the future.', 'InvalidRequest');
    if (at > Date.now() + this.options.maxExpirationMinutes * 60_000) {
      return badRequest(`Subscription expiration can only be ${this.options.maxExpirationMinutes} minutes in the future.`, 'InvalidRequest');
    }
    return null;
  }

  private async create(ctx: GraphRequestContext): Promise<GraphResponse> {
    const body = jsonBody<Record<string, unknown>>(ctx);
    if (!body) return badRequest('Empty Payload. JSON content expected.', 'InvalidRequest');
    const changeType = String(body.changeType ?? '');
    if (!changeType || changeType.split(',').some((c) => !['created', 'updated', 'deleted'].includes(c))) return badRequest('Invalid changeType.', 'InvalidRequest');
    const clientState = body.clientState === undefined || body.clientState === null ? null : String(body.clientState);
    if (clientState !== null && clientState.length > 128) return badRequest('clientState must be at most 128 characters.', 'InvalidRequest');
    const problem = this.checkExpiry(typeof body.expirationDateTime === 'string' ? body.expirationDateTime : undefined);
    if (problem) return problem;
    const resource = parseResource(String(body.resource ?? ''));
    if (!resource) return badRequest(`Resource '${String(body.resource)}' is not supported.`, 'ExtensionError');
    const user = this.store.findUser(resource.user);
    if (!user || user.tenantId !== ctx.tenantId) return graphError(404, 'ResourceNotFound', 'The user was not found.');
    if (!user.mailboxEnabled) return graphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
    if (user.accessDenied) return graphError(403, 'ErrorAccessDenied', 'Access to OData is disabled.');
    const folder = resource.folder === '*' ? null : this.store.resolveFolder(user.id, resource.folder);
    if (resource.folder !== '*' && !folder) return graphError(404, 'ResourceNotFound', 'The folder was not found.');
    const urls = [body.notificationUrl, body.lifecycleNotificationUrl].filter((u) => u !== undefined && u !== null).map(String);
    for (const url of urls) {
      if (!/^https:\/\//.test(url) && !(this.options.allowHttpNotificationUrl && /^http:\/\//.test(url))) return badRequest('The notification URL must use https.', 'InvalidRequest');
      if (!(await this.validate(url))) {
        return badRequest('Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.', 'ValidationError');
      }
    }
    const sub: Subscription = {
      id: guid(),
      appId: ctx.appId,
      tenantId: ctx.tenantId,
      resource: String(body.resource),
      userId: user.id,
      folderId: folder ? folder.id : '*',
      changeType,
      clientState,
      notificationUrl: String(body.notificationUrl),
      lifecycleNotificationUrl: body.lifecycleNotificationUrl ? String(body.lifecycleNotificationUrl) : null,
      expirationDateTime: new Date(String(body.expirationDateTime)).toISOString(),
      immutableIds: ctx.immutableIds,
      createdAt: Date.now(),
    };
    this.store.subscriptions.set(sub.id, sub);
    return ok(render(sub), 201);
  }

  /** POST url?validationToken=…; the endpoint must answer 200 with the decoded token as plain text. */
  private async validate(url: string): Promise<boolean> {
    this.validations++;
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.set('validationToken', token);
    try {
      const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(this.options.validationTimeoutMs) });
      const text = await res.text();
      return res.status === 200 && text === token && (res.headers.get('content-type') ?? '').startsWith('text/plain');
    } catch {
      return false;
    }
  }

  private onChange(msg: Message, folderId: string, kind: 'created' | 'updated' | 'deleted'): void {
    for (const sub of this.live()) {
      if (sub.userId !== msg.userId || !sub.changeType.split(',').includes(kind)) continue;
      if (sub.folderId !== '*' && sub.folderId !== folderId) continue;
      const id = sub.immutableIds ? msg.immutableId : msg.restId;
      const resource = `Users/${msg.userId}/Messages/${id}`;
      this.notifier.enqueue(sub.notificationUrl, {
        subscriptionId: sub.id,
        subscriptionExpirationDateTime: sub.expirationDateTime,
        changeType: kind,
        resource,
        resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': resource, '@odata.etag': `W/"${msg.changeKey}"`, id },
        clientState: sub.clientState,
        tenantId: sub.tenantId,
      });
    }
  }
}

/** users/{id}/messages | users/{id}/mailFolders('x')/messages | users/{id}/mailFolders/x/messages */
function parseResource(resource: string): { user: string; folder: string } | null {
  const r = resource.replace(/^\/+/, '');
  const all = /^users\/([^/]+)\/messages$/i.exec(r);
  if (all) return { user: decodeURIComponent(all[1]), folder: '*' };
  const inFolder = /^users\/([^/]+)\/mailFolders(?:\('([^']+)'\)|\/([^/]+))\/messages$/i.exec(r);
  if (inFolder) return { user: decodeURIComponent(inFolder[1]), folder: decodeURIComponent(inFolder[2] ?? inFolder[3]) };
  return null;
}

function render(s: Subscription): Record<string, unknown> {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
    id: s.id,
    resource: s.resource,
    applicationId: s.appId,
    changeType: s.changeType,
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: s.expirationDateTime,
    creatorId: s.appId,
    includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationQueryOptions: null,
    notificationContentType: null,
  };
}
