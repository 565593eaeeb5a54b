/**
 * The Microsoft 365 emulator: Entra ID and Microsoft Graph (v1.0) on one HTTPS port, plus a control API for
 * tests (an object, used in-process). Start with {@link startM365Emulator}; point MSAL at `authorityHost` (listed
 * in `knownAuthorities`) and the Graph client at `graphBaseUrl` (its host in `customHosts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenHttps, type RunningHttps } from '../tls/https-server.ts';
import { testTls } from '../tls/test-ca.ts';
import { handleControl } from './control-http.ts';
import { dispatchGraph, type DispatchDeps } from './graph-dispatch.ts';
import { DeltaService } from './delta.ts';
import { createGroup, type Group } from './directory-groups.ts';
import { ExchangeAdmin, exchangeFor } from './exchange-admin.ts';
import { Faults, type FaultRule } from './faults.ts';
import { ConnectionFaults } from '../connection-faults.ts';
import { EntraSignIn } from './entra-sign-in.ts';
import { Identity } from './identity.ts';
import { MailStore, certThumbprintSha256 } from './mail-store.ts';
import type { AppRegistration, Message, Tenant, User, WellKnown } from './model.ts';
import { DEFAULT_NOTIFIER, Notifier, type NotifierOptions } from './notifier.ts';
import { Pager } from './paging.ts';
import { DEFAULT_SUBSCRIPTIONS, Subscriptions, type LifecycleEvent, type SubscriptionOptions } from './subscriptions.ts';
import { DEFAULT_THROTTLE, Throttle, type ThrottleOptions } from './throttle.ts';

export interface M365EmulatorOptions {
  throttle?: Partial<ThrottleOptions>;
  notifier?: Partial<NotifierOptions>;
  subscriptions?: Partial<SubscriptionOptions>;
  /** Added to every Graph request. */
  latencyMs?: number;
  seed?: number;
}

export interface M365Emulator {
  /** https://localhost:PORT — MSAL authority = `${url}/${tenantId}`, knownAuthorities = [host]. */
  url: string;
  /** localhost:PORT, for MSAL knownAuthorities. */
  authorityHost: string;
  /** https://localhost:PORT/v1.0 */
  graphBaseUrl: string;
  store: MailStore;
  identity: Identity;
  /** Exchange Online admin API (InvokeCommand): transport rules, grants of Exchange.ManageAsApp and roles. */
  exchange: ExchangeAdmin;
  /** OpenID Connect user sign-in (authorize, code grant, keys); `entra.signInAs` picks the user. */
  entra: EntraSignIn;
  faults: Faults;
  /** Transport faults on Graph calls: answers far too late, connections reset mid-response. */
  connectionFaults: ConnectionFaults;
  throttle: Throttle;
  notifier: Notifier;
  subscriptions: Subscriptions;
  delta: DeltaService;
  /** Every Graph request answered (sub-requests of $batch included). */
  requestLog: DispatchDeps['log'];
  control: M365Control;
  close(): Promise<void>;
}

/** What tests do to the emulated cloud from outside. */
export interface M365Control {
  createApp(options?: { redirectUris?: string[]; secret?: string; certificatePem?: string }): AppRegistration;
  createTenant(domain: string, users?: string[]): { tenant: Tenant; users: User[] };
  /** An Entra ID group of users and/or other groups (ids). */
  createGroup(tenantId: string, displayName: string, memberIds: string[]): Group;
  /** The next admin-consent visit approves for this tenant, or denies. */
  setConsent(tenantId: string | null): void;
  grantConsent(tenantId: string, appId: string): void;
  revokeConsent(tenantId: string, appId: string): void;
  deliver(userIdOrAddress: string, mime: string | Buffer, folder?: WellKnown): Message;
  inject(rule: FaultRule): void;
  dropNotifications(probability: number): void;
  expireDeltaTokens(): void;
  lifecycle(subscriptionId: string, event: LifecycleEvent): boolean;
  /** Well-known name or display name of the folder a message is in; null when gone. */
  folderOf(immutableId: string): string | null;
  /** Wait until every queued notification was delivered or given up. */
  settle(): Promise<void>;
}

export async function startM365Emulator(options: M365EmulatorOptions = {}): Promise<M365Emulator> {
  const store = new MailStore();
  const faults = new Faults(options.seed ?? 42);
  const connectionFaults = new ConnectionFaults(faults.random);
  const pager = new Pager();
  // The routes need the base URL, which exists only once the server listens.
  const server: { running?: RunningHttps } = {};
  const base = () => server.running?.url ?? 'https://localhost';
  const graphBase = () => `${base()}/v1.0`;
  const identity = new Identity(store, base);
  const exchange = new ExchangeAdmin(identity, base);
  const entra = new EntraSignIn(store, base);
  const throttle = new Throttle({ ...DEFAULT_THROTTLE, ...options.throttle });
  const notifier = new Notifier({ ...DEFAULT_NOTIFIER, ...options.notifier }, faults);
  const subscriptions = new Subscriptions(store, notifier, { ...DEFAULT_SUBSCRIPTIONS, ...options.subscriptions });
  const delta = new DeltaService(store, pager, faults, graphBase);
  const log: DispatchDeps['log'] = [];
  // The HTTP control routes need the control object, built below once the server listens.
  const controlRef: { control?: M365Control; stats?: () => unknown } = {};
  const deps: DispatchDeps = {
    store,
    identity,
    throttle,
    faults,
    subscriptions,
    mail: { store, pager, graphBase, delta: (ctx, user, folderId) => delta.handle(ctx, user, folderId) },
    latencyMs: () => options.latencyMs ?? 0,
    log,
  };

  const running = await listenHttps(testTls(), (req, res) => {
    handle(deps, req, res, controlRef, entra, connectionFaults).catch((err) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(err) } }));
    });
  });

  server.running = running;

  const control: M365Control = {
    createApp(o = {}) {
      const app = store.addApp(undefined, o.redirectUris ?? []);
      if (o.secret) app.secrets.push(o.secret);
      if (o.certificatePem) app.certificates.set(certThumbprintSha256(o.certificatePem), o.certificatePem);
      return app;
    },
    createTenant(domain, users = []) {
      const tenant = store.addTenant(domain);
      return { tenant, users: users.map((u) => store.addUser(tenant.id, u)) };
    },
    createGroup: (tenantId, displayName, memberIds) => createGroup(store, tenantId, displayName, memberIds),
    setConsent(tenantId) {
      identity.consent = tenantId ? { kind: 'approve', tenantId } : { kind: 'deny', error: 'access_denied', description: 'AADSTS65004: User declined to consent to access the app.' };
    },
    grantConsent: (tenantId, appId) => void store.tenants.get(tenantId)?.consentedApps.add(appId),
    revokeConsent: (tenantId, appId) => void store.tenants.get(tenantId)?.consentedApps.delete(appId),
    deliver(userIdOrAddress, mime, folder = 'inbox') {
      const user = store.findUser(userIdOrAddress);
      if (!user) throw new Error(`no mailbox ${userIdOrAddress}`);
      return store.deliver(user.id, Buffer.isBuffer(mime) ? mime : Buffer.from(mime), folder);
    },
    inject: (rule) => faults.add(rule),
    dropNotifications: (p) => void (faults.dropNotifications = p),
    expireDeltaTokens: () => void (faults.deltaTokensValidAfter = Date.now() + 1),
    lifecycle: (id, event) => subscriptions.lifecycle(id, event),
    folderOf(immutableId) {
      const msg = store.messages.get(immutableId);
      const f = msg ? store.folders.get(msg.folderId) : undefined;
      return f ? (f.wellKnownName ?? f.displayName) : null;
    },
    settle: () => notifier.idle(),
  };
  controlRef.control = control;
  controlRef.stats = () => ({ throttle: throttle.stats(), notifications: notifier.stats, requests: log.length, subscriptions: subscriptions.live().length });

  return {
    url: running.url,
    authorityHost: new URL(running.url).host,
    graphBaseUrl: graphBase(),
    store,
    identity,
    exchange,
    entra,
    faults,
    connectionFaults,
    throttle,
    notifier,
    subscriptions,
    delta,
    requestLog: log,
    control,
    async close() {
      notifier.close();
      connectionFaults.close();
      await running.close();
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, status: number, headers: Record<string, string> = {}, body?: unknown): void {
  const h: Record<string, string> = { ...headers };
  let payload: Buffer | string | undefined;
  if (Buffer.isBuffer(body)) payload = body;
  else if (typeof body === 'string') {
    payload = body;
    h['content-type'] ??= 'text/plain';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  }
  res.writeHead(status, h);
  res.end(payload);
}

async function handle(deps: DispatchDeps, req: IncomingMessage, res: ServerResponse, ctl: { control?: M365Control; stats?: () => unknown }, entra: EntraSignIn, connectionFaults: ConnectionFaults): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const body = await readBody(req);
  if (url.pathname.startsWith('/_control/') && ctl.control && ctl.stats) {
    const r = await handleControl(ctl.control, ctl.stats, req.method ?? 'GET', url.pathname, body);
    return write(res, r.status, {}, r.body);
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const exo = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand$/.exec(url.pathname);
  const exchange = exo ? exchangeFor(deps.identity) : undefined;
  if (exo && exchange && req.method === 'POST') {
    const r = exchange.handle(decodeURIComponent(exo[1]!), headers, body, url.searchParams);
    return write(res, r.status, r.headers, r.body);
  }
  if (url.pathname.startsWith('/v1.0/') || url.pathname === '/v1.0') {
    const pathAndQuery = url.pathname.slice('/v1.0'.length) + url.search;
    await connectionFaults.apply(req, res, pathAndQuery);
    const r = await dispatchGraph(deps, { method: req.method ?? 'GET', pathAndQuery, headers, body });
    return write(res, r.status, r.headers, r.body);
  }
  // Entra ID: /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/oauth2/v2.0/token, /{tenant}/adminconsent
  const m = /^\/([^/]+)\/(.+)$/.exec(url.pathname);
  const tenant = m?.[1] ?? '';
  const rest = m?.[2] ?? '';
  if (rest === 'v2.0/.well-known/openid-configuration' && req.method === 'GET') {
    const r = deps.identity.discovery(tenant);
    return write(res, r.status, r.headers, r.body);
  }
  if (rest === 'oauth2/v2.0/authorize' && req.method === 'GET') {
    const r = entra.authorize(tenant, url.searchParams);
    return write(res, r.status, r.headers, r.body);
  }
  if (rest === 'discovery/v2.0/keys' && req.method === 'GET') {
    const r = entra.keys(tenant);
    return write(res, r.status, r.headers, r.body);
  }
  if (rest === 'oauth2/v2.0/token' && req.method === 'POST') {
    const form = new URLSearchParams(body.toString('utf8'));
    const r = form.get('grant_type') === 'authorization_code' ? entra.token(tenant, form) : deps.identity.token(tenant, form);
    return write(res, r.status, r.headers, r.body);
  }
  if (rest === 'adminconsent' && req.method === 'GET') {
    const r = deps.identity.adminConsent(url.searchParams);
    return write(res, r.status, r.headers, r.body);
  }
  write(res, 404, {}, { error: 'not_found' });
}
