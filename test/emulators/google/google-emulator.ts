import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import express from 'express';
import { ConnectionFaults } from '../connection-faults.ts';
import { testTls } from '../tls/test-ca.ts';
import { seededRandom } from '../m365/faults.ts';
import { ApiGuard } from './api-guard.ts';
import { controlRoutes } from './control-routes.ts';
import { DirectoryState, type DirectoryUser } from './directory-state.ts';
import { directoryRoutes } from './directory-routes.ts';
import { cloudIdentityRoutes } from './cloud-identity-routes.ts';
import { CloudIdentityPolicies } from './cloud-identity-state.ts';
import { gmailMailboxRoutes } from './gmail-mailbox-routes.ts';
import { gmailMessageRoutes } from './gmail-message-routes.ts';
import type { Mailbox } from './mailbox.ts';
import { GoogleSignIn } from './oauth-sign-in.ts';
import { OidcSigner } from './oidc-signer.ts';
import { TokenIssuer } from './oauth-token.ts';
import { PubSub } from './pubsub-push.ts';
import { QuotaMeter } from './quota.ts';
import type { EmulatorParts } from './route-kit.ts';
import { WatchRegistry } from './watch-registry.ts';

/** A service-account key file, in the shape Google's JSON keys have (the fields google.auth.JWT reads). */
export interface ServiceAccountKey {
  type: 'service_account';
  client_email: string;
  client_id: string;
  private_key: string;
}

/**
 * A stateful local Google Workspace: OAuth token endpoint (JWT-bearer with domain-wide delegation), Admin SDK
 * Directory, Gmail, and Pub/Sub push with OIDC tokens. Plain HTTP on 127.0.0.1: googleapis clients take
 * `rootUrl` = `url`, JWT token requests are redirected to `tokenUrl`, verifyIdToken reads keys at `certsUrl`.
 */
export class GoogleEmulator {
  readonly directory = new DirectoryState();
  readonly tokens = new TokenIssuer(this.directory);
  readonly quota = new QuotaMeter();
  readonly signer = new OidcSigner();
  readonly pubsub = new PubSub(this.signer);
  readonly watches = new WatchRegistry(this.pubsub);
  /** Cloud Identity policies (DLP rules and detectors) per customer. */
  readonly policies = new CloudIdentityPolicies();
  /** "Sign in with Google" (OIDC code flow); `signIn.signInAs` picks the user. Issuer = `signIn.issuer`. */
  readonly signIn = new GoogleSignIn(this.directory, () => this.url);
  /** Transport faults: answers far too late, connections reset mid-response (rules match on the URL path). */
  readonly connectionFaults = new ConnectionFaults(seededRandom(7));
  readonly parts: EmulatorParts;
  url = '';
  private server: Server | null = null;

  constructor() {
    this.parts = {
      directory: this.directory,
      guard: new ApiGuard(this.tokens, this.directory, this.quota),
      pubsub: this.pubsub,
      watches: this.watches,
      faults: new Map(),
      calls: [],
      deliver: (mb, raw) => mb.add(raw, ['INBOX', 'UNREAD'], { applyFilters: true }).id,
      historyOmitsLabels: false,
    };
  }

  /** `tls`: serve HTTPS with the test CA's localhost certificate (the CA must be trusted: NODE_EXTRA_CA_CERTS). */
  static async start(options: { port?: number; tls?: boolean } = {}): Promise<GoogleEmulator> {
    const emu = new GoogleEmulator();
    await emu.listen(options.port ?? 0, options.tls ?? false);
    return emu;
  }

  get tokenUrl(): string {
    return `${this.url}token`;
  }

  get certsUrl(): string {
    return `${this.url}oauth2/v1/certs`;
  }

  /** Registers a new service account and returns its key file (the private key never leaves the test). */
  createServiceAccount(name = 'mailwarden'): ServiceAccountKey {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key: ServiceAccountKey = {
      type: 'service_account',
      client_email: `${name}@mailwarden-test.iam.gserviceaccount.com`,
      client_id: '1' + String(Math.random()).slice(2, 21),
      private_key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    this.tokens.registerServiceAccount(key.client_email, key.client_id, pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    return key;
  }

  addUser(email: string, options: { admin?: boolean; suspended?: boolean; fullName?: string } = {}): DirectoryUser {
    const user = this.directory.addUser(email, options);
    const mb = this.directory.mailboxes.get(user.primaryEmail)!;
    if (!this.attached.has(mb)) {
      this.watches.attach(mb);
      this.attached.add(mb);
    }
    return user;
  }
  private readonly attached = new Set<Mailbox>();

  grantDelegation(domain: string, clientId: string, scopes: string[]): void {
    this.directory.grant(domain, clientId, scopes);
  }

  revokeDelegation(domain: string, clientId: string): void {
    this.directory.revoke(domain, clientId);
  }

  mailbox(address: string): Mailbox {
    const mb = this.directory.mailboxes.get(address.toLowerCase());
    if (!mb) throw new Error(`no mailbox ${address}`);
    return mb;
  }

  /** SMTP-like delivery: INBOX + UNREAD, then the recipient's filters. Returns message ids by recipient. */
  deliver(to: string[], raw: Buffer): Record<string, string> {
    const ids: Record<string, string> = {};
    for (const addr of to) ids[addr.toLowerCase()] = this.parts.deliver(this.mailbox(addr), raw);
    return ids;
  }

  /** The next calls of `method` by `user` ('*' for anyone) answer these HTTP statuses, one each. */
  failNext(user: string, method: string, statuses: number[]): void {
    this.parts.faults.set(`${user.toLowerCase()}|${method}`, [...statuses]);
  }

  /** How many API calls matched, for tests that count work. */
  callCount(method: string, user?: string): number {
    return this.parts.calls.filter((c) => c.method === method && (!user || c.user === user)).length;
  }

  async close(): Promise<void> {
    this.pubsub.close();
    this.watches.close();
    this.connectionFaults.close();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(port: number, tls: boolean): Promise<void> {
    const app = express();
    app.disable('x-powered-by');
    app.use(express.json({ limit: '60mb' }));
    app.use(express.urlencoded({ extended: false }));
    app.use(async (req, res, next) => {
      await this.connectionFaults.apply(req, res, req.path);
      next();
    });
    app.get('/.well-known/openid-configuration', this.signIn.discovery);
    app.get('/o/oauth2/v2/auth', this.signIn.authorize);
    app.get('/oauth2/v3/certs', this.signIn.certs);
    app.post('/token', this.signIn.token, this.tokens.handle);
    // Google sends a max-age, which OAuth2Client honours by caching the keys; without it every push refetches.
    app.get('/oauth2/v1/certs', (_req, res) => void res.set('cache-control', 'public, max-age=19000, must-revalidate, no-transform').json(this.signer.certs()));
    app.use(directoryRoutes(this.parts));
    app.use(gmailMessageRoutes(this.parts));
    app.use(gmailMailboxRoutes(this.parts));
    app.use(cloudIdentityRoutes(this.tokens, this.directory, this.policies));
    app.use(controlRoutes(this));
    app.use((_req: express.Request, res: express.Response) => void res.status(404).json({ error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } }));
    const server = tls ? createHttpsServer({ key: testTls().key, cert: testTls().cert }, app) : createServer(app);
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    this.server = server;
    this.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }
}
