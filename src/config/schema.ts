import { z } from 'zod';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/**
 * Every setting of the service, read from the environment once at boot. Each key has a default (or is
 * explicitly optional) and a description; a generated reference is built from these `.describe()` texts.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('Runtime mode. production refuses to start without VAULT_KEY.'),
  PORT: int(8080, 0).describe('HTTP port of the api role.'),
  METRICS_PORT: z.coerce.number().int().min(0).optional().describe('Port for /healthz and /metrics in worker and scheduler processes (they serve no API); unset = none.'),
  HOST: z.string().default('0.0.0.0').describe('Interface the HTTP server binds to.'),
  PUBLIC_URL: z.string().url().default('http://localhost:8080').describe('Public base URL that providers push notifications to.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  DATA_DIR: z.string().default('./data').describe('Directory for the embedded SQLite file and the generated vault key.'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for embedded SQLite)')
    .optional()
    .describe('PostgreSQL connection URL; unset = SQLite file in DATA_DIR.'),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('public').describe('PostgreSQL schema to use (created when missing).'),
  DATABASE_POOL_SIZE: int(10, 1).describe('PostgreSQL pool size per process.'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional().describe('Redis URL; set = bull queues shared by every process, unset = in-process queues.'),
  QUEUE_PREFIX: z.string().min(1).default('mailwarden').describe('Key prefix of every queue and lock in Redis.'),
  VAULT_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=]{43,44}$/, 'must be 32 bytes, base64')
    .optional()
    .describe('AES-256 key (base64, 32 bytes) for the quarantine vault and tenant secrets. Generated into DATA_DIR when unset outside production.'),
  VAULT_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/).default('k1').describe('Id stored with every ciphertext, so keys can be rotated.'),
  VAULT_PREVIOUS_KEYS: z
    .string()
    .default('')
    .describe('Older keys still accepted for decryption, as "id:base64,id:base64".'),
  VAULT_RETENTION_DAYS: int(30, 1).describe('Days a quarantined raw copy is kept in the vault.'),
  SCAN_MAX_BYTES: int(25 * 1024 * 1024, 1024).describe('Largest raw message fetched for scanning.'),
  NOTIFY_CONCURRENCY: int(4, 1).describe('Notification jobs run at once per process.'),
  SCAN_CONCURRENCY: int(4, 1).describe('Scan jobs run at once per process.'),
  REMEDIATE_CONCURRENCY: int(2, 1).describe('Remediation jobs run at once per process.'),
  MAILBOX_PROVIDER_CONCURRENCY: int(4, 1).describe('Provider calls in flight per mailbox, across every process.'),
  QUEUE_LOCK_MS: int(30_000, 1000).describe('Lock lifetime of a running job on Redis; a killed worker\'s jobs are taken over after about this.'),
  JOB_ATTEMPTS: int(6, 1).describe('Attempts per job before it goes to the dead-letter state.'),
  JOB_BACKOFF_MS: int(1000, 1).describe('First retry delay; doubles each attempt (Retry-After wins when longer).'),
  JOB_BACKOFF_MAX_MS: int(10 * 60_000, 1).describe('Longest retry delay.'),
  SCHEDULER_INTERVAL_MS: int(60_000, 100).describe('How often the scheduler role runs its tasks.'),
  SUBSCRIPTION_RENEW_BEFORE_MS: int(12 * 3600_000, 0).describe('Renew a subscription or watch this long before it expires.'),
  CATCHUP_AFTER_MS: int(15 * 60_000, 0).describe('Run a catch-up sync for a mailbox silent this long.'),
  HOLD_MAX_WAIT_SECONDS: int(120, 4).describe('Inline hold (policy "hold"): the longest new mail waits out of the inbox. The scheduler looks every quarter of this and releases mail held for half of it unscanned (fail-open, recorded), then scans it as usual.'),
  RULE_PACKS: z.string().default('default').describe('MQL rule-pack folders, comma separated; "default" is the pack shipped with MailWarden, "none" = no MQL rules.'),
  RULES_STRICT: bool(false).describe("MQL rules without approximations: rules that call ml.nlu_classifier or beta.ml_topic (run on MailWarden's local NLU stand-in, not Sublime's model) are skipped as unsupported."),
  CLAMD_ADDRESS: z
    .string()
    .regex(/^(\/\S+|tcp:\/\/[^\s:/]+:\d{1,5})$/, 'must be a unix socket path (/run/clamav/clamd.ctl) or tcp://host:port')
    .optional()
    .describe('clamd to scan every attachment with (INSTREAM): a unix socket path or tcp://host:port; unset = no signature scan.'),
  LIST_FOLDERS: z.string().default('').describe('Folders of *.txt lists merged over the shipped lists, comma separated.'),
  GOOGLE_PUSH_AUDIENCE: z.string().optional().describe('Audience the Gmail Pub/Sub push subscription signs its OIDC token with; unset = /webhooks/google accepts nothing.'),
  GOOGLE_PUSH_SERVICE_ACCOUNTS: z.string().default('').describe('Service-account emails allowed to push to /webhooks/google, comma separated.'),
  GOOGLE_CERTS_URL: z.string().url().optional().describe("Where Google's OIDC signing certificates are read (emulator in tests)."),
  DEV_INGEST: bool(true).describe('Enable POST /dev/ingest (memory provider) outside production.'),
  SHUTDOWN_GRACE_MS: int(15_000, 0).describe('Time given to running jobs on shutdown.'),
  ADMIN_LOGIN_RATE_LIMIT: int(10, 1).describe('Sign-in attempts allowed per client address per 15 minutes on /api/v1/auth/login.'),
  ADMIN_BOOTSTRAP_EMAIL: z.string().email().optional().describe('Demo mode: with ADMIN_BOOTSTRAP_PASSWORD, creates this platform owner at start when no user exists (production: use `mailwarden users add`).'),
  ADMIN_BOOTSTRAP_PASSWORD: z.string().min(12).optional().describe('Demo mode: password of ADMIN_BOOTSTRAP_EMAIL (ignored in production and once any user exists).'),
  DASHBOARD_URL: z.string().url().optional().describe('Base URL of the dashboard, for links in alert emails; default PUBLIC_URL.'),
  M365_CLIENT_ID: z.string().optional().describe('Application (client) id of our multi-tenant Entra ID app; enables "Connect Microsoft 365".'),
  M365_CLIENT_SECRET: z.string().optional().describe('Client secret of the Entra ID app (or use M365_CERT_PEM + M365_KEY_PEM).'),
  M365_CERT_PEM: z.string().optional().describe('Certificate (PEM) registered on the Entra ID app, for certificate credentials.'),
  M365_KEY_PEM: z.string().optional().describe('Private key (PEM) of M365_CERT_PEM.'),
  ONBOARDING_BASE_URL: z.string().url().optional().describe('Public base URL for the consent redirect (/onboard/m365/callback) and webhooks; default PUBLIC_URL.'),
  ONBOARDING_STATE_SECRET: z.string().min(16).optional().describe('HMAC key signing the admin-consent state; default derived from the app credential.'),
  GOOGLE_SERVICE_ACCOUNT_KEY: z.string().optional().describe('Our Google service-account key (JSON text or a path to the JSON file) that customers grant domain-wide delegation to; enables "Connect Google Workspace".'),
  GOOGLE_PUBSUB_TOPIC: z.string().regex(/^projects\/[^/]+\/topics\/[^/]+$/).optional().describe('Pub/Sub topic Gmail watches publish to (projects/<p>/topics/<t>); its push subscription targets /webhooks/google with GOOGLE_PUSH_AUDIENCE.'),
  OIDC_ENTRA_CLIENT_ID: z.string().optional().describe('Application (client) id of the Entra ID app used for dashboard sign-in; set (with OIDC_ENTRA_CLIENT_SECRET) = "Sign in with Microsoft" on the sign-in page. Register <DASHBOARD_URL>/api/v1/auth/oidc/entra/callback as its web redirect URI.'),
  OIDC_ENTRA_CLIENT_SECRET: z.string().optional().describe('Client secret of OIDC_ENTRA_CLIENT_ID.'),
  OIDC_ENTRA_TENANT: z.string().regex(/^[A-Za-z0-9.-]+$/).default('organizations').describe('Entra ID directory users sign in from: a tenant id (GUID), or "organizations" for work accounts of any directory (then OIDC_ENTRA_ALLOWED_TENANTS is required).'),
  OIDC_ENTRA_ALLOWED_TENANTS: z.string().default('').describe('Tenant ids (tid) whose accounts may sign in, comma separated; empty = only OIDC_ENTRA_TENANT when it is a tenant id.'),
  OIDC_ENTRA_AUTHORITY: z.string().url().default('https://login.microsoftonline.com').describe('Entra ID authority host for sign-in (an emulator in tests).'),
  OIDC_GOOGLE_CLIENT_ID: z.string().optional().describe('OAuth client id (type "Web application") for dashboard sign-in; set (with OIDC_GOOGLE_CLIENT_SECRET) = "Sign in with Google". Authorized redirect URI: <DASHBOARD_URL>/api/v1/auth/oidc/google/callback.'),
  OIDC_GOOGLE_CLIENT_SECRET: z.string().optional().describe('Client secret of OIDC_GOOGLE_CLIENT_ID.'),
  OIDC_GOOGLE_HOSTED_DOMAINS: z.string().default('').describe('Google Workspace domains (the ID token hd claim) allowed to sign in, comma separated; empty = any Workspace whose domain is the email domain, and gmail.com accounts.'),
  OIDC_GOOGLE_ISSUER: z.string().url().default('https://accounts.google.com').describe('Google OpenID issuer for sign-in (an emulator in tests).'),
  ALERT_RECIPIENTS: z.string().default('').describe('Security-team addresses for alert emails, comma separated; empty = no alert emails.'),
  ALERT_VERDICTS: z.string().default('phishing,malware,bec').describe('Verdicts that send an alert email, comma separated ("dlp" adds DLP incidents).'),
  ALERT_DIGEST: bool(true).describe('Send each tenant a daily digest email (yesterday, UTC) to ALERT_RECIPIENTS.'),
  ALERT_FROM: z.string().default('MailWarden <alerts@mailwarden.invalid>').describe('From address of alert emails.'),
  ALERT_TRANSPORT: z.enum(['provider', 'smtp']).default('provider').describe("How alerts are sent: the tenant's own provider sendMail, or SMTP_URL."),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional().describe('SMTP server for alert emails when ALERT_TRANSPORT=smtp.'),
  ALERT_WEBHOOK_URL: z.string().url().optional().describe('Outbound webhook receiving every detection as HMAC-SHA256-signed JSON.'),
  ALERT_WEBHOOK_SECRET: z.string().min(16).optional().describe('Key of the X-MailWarden-Signature HMAC on outbound webhooks.'),
  SYSLOG_TARGET: z.string().regex(/^(udp|tcp):\/\/[^:]+:\d+$/).optional().describe('SIEM syslog receiver (udp://host:514 or tcp://host:514) for CEF lines per detection.'),
});

export type AppConfig = z.infer<typeof configSchema>;
