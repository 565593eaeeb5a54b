import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/schema.ts';
import { message, within, type CheckResult } from './check.ts';

/** Microsoft 365 app credentials: present, complete, and (for certificates) parseable, matching and not expired. */
export function checkM365(config: AppConfig, now = new Date()): CheckResult {
  const name = 'microsoft 365 app';
  const { M365_CLIENT_ID: id, M365_CLIENT_SECRET: secret, M365_CERT_PEM: cert, M365_KEY_PEM: key } = config;
  if (!id && !secret && !cert && !key) return { name, status: 'skip', detail: 'not configured: "Connect Microsoft 365" is off. Set M365_CLIENT_ID and a credential to enable it.' };
  if (!id) return { name, status: 'fail', detail: 'a credential is set but M365_CLIENT_ID (the application id of the Entra ID app) is missing.' };
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return { name, status: 'fail', detail: 'M365_CLIENT_ID is not a GUID: copy the "Application (client) ID" from the app\'s overview page.' };
  if (cert || key) {
    if (!cert || !key) return { name, status: 'fail', detail: 'certificate credentials need both M365_CERT_PEM and M365_KEY_PEM.' };
    try {
      const x509 = new X509Certificate(cert);
      if (!x509.checkPrivateKey(createPrivateKey(key))) return { name, status: 'fail', detail: 'M365_KEY_PEM is not the private key of M365_CERT_PEM.' };
      const expires = new Date(x509.validTo);
      if (expires < now) return { name, status: 'fail', detail: `the certificate expired on ${expires.toISOString().slice(0, 10)}: upload a new one to the app registration.` };
      const days = Math.floor((expires.getTime() - now.getTime()) / 86_400_000);
      return { name, status: days < 30 ? 'warn' : 'ok', detail: `certificate credential, expires in ${days} day(s).` };
    } catch (err) {
      return { name, status: 'fail', detail: `M365_CERT_PEM / M365_KEY_PEM cannot be read as PEM: ${message(err)}.` };
    }
  }
  if (!secret) return { name, status: 'fail', detail: 'M365_CLIENT_ID is set but no credential: set M365_CLIENT_SECRET, or M365_CERT_PEM with M365_KEY_PEM.' };
  return { name, status: 'ok', detail: 'client id and secret configured (a secret\'s expiry is shown only in the Entra ID portal: certificates are preferred).' };
}

/** Google service account and Pub/Sub push settings. */
export function checkGoogle(config: AppConfig): CheckResult {
  const name = 'google workspace';
  const keyText = config.GOOGLE_SERVICE_ACCOUNT_KEY;
  if (!keyText && !config.GOOGLE_PUBSUB_TOPIC) return { name, status: 'skip', detail: 'not configured: "Connect Google Workspace" is off. Set GOOGLE_SERVICE_ACCOUNT_KEY and GOOGLE_PUBSUB_TOPIC to enable it.' };
  if (!keyText) return { name, status: 'fail', detail: 'GOOGLE_PUBSUB_TOPIC is set but GOOGLE_SERVICE_ACCOUNT_KEY is missing.' };
  let key: { type?: string; client_email?: string; client_id?: string; private_key?: string };
  try {
    key = JSON.parse(keyText.trim().startsWith('{') ? keyText : readFileSync(keyText, 'utf8'));
  } catch (err) {
    return { name, status: 'fail', detail: `GOOGLE_SERVICE_ACCOUNT_KEY is neither JSON nor a readable JSON file: ${message(err).split('\n')[0]}.` };
  }
  if (key.type !== 'service_account' || !key.client_email || !key.private_key) return { name, status: 'fail', detail: 'GOOGLE_SERVICE_ACCOUNT_KEY is not a service-account key (needs type, client_email, private_key): create a JSON key for the service account.' };
  try {
    createPrivateKey(key.private_key);
  } catch {
    return { name, status: 'fail', detail: 'the private_key in GOOGLE_SERVICE_ACCOUNT_KEY does not parse: download the key again.' };
  }
  const problems: string[] = [];
  if (!config.GOOGLE_PUBSUB_TOPIC) problems.push('GOOGLE_PUBSUB_TOPIC is not set (Gmail watches have nowhere to publish)');
  if (!config.GOOGLE_PUSH_AUDIENCE) problems.push('GOOGLE_PUSH_AUDIENCE is not set, so /webhooks/google accepts no push');
  if (!config.GOOGLE_PUSH_SERVICE_ACCOUNTS) problems.push('GOOGLE_PUSH_SERVICE_ACCOUNTS is empty, so no push signer is trusted');
  if (problems.length) return { name, status: 'fail', detail: `${problems.join('; ')}.` };
  return { name, status: 'ok', detail: `service account ${key.client_email} (client id ${key.client_id ?? '?'}: the id admins grant domain-wide delegation to).` };
}

/**
 * Webhook reachability: providers push to PUBLIC_URL, so it must be public HTTPS and lead to a MailWarden api.
 * Fetching it from here proves DNS, TLS and routing as far as this machine can see them.
 */
export async function checkWebhooks(config: AppConfig, timeoutMs: number): Promise<CheckResult> {
  const name = 'webhook reachability';
  const base = (config.ONBOARDING_BASE_URL ?? config.PUBLIC_URL).replace(/\/$/, '');
  const host = new URL(base).hostname;
  const local = host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host.endsWith('.local');
  let reached: string;
  try {
    const res = await within(timeoutMs, base, (signal) => fetch(`${base}/healthz`, { signal, redirect: 'manual' }));
    const body = await res.text();
    if (res.status !== 200 || !body.includes('"ok"')) {
      return { name, status: 'fail', detail: `${base}/healthz answered HTTP ${res.status}, not MailWarden's health check: does the proxy route PUBLIC_URL to the api role?` };
    }
    reached = `${base}/healthz answers`;
  } catch (err) {
    return { name, status: 'fail', detail: `${base} cannot be reached from here (${message(err)}): is the api role running, and does PUBLIC_URL point at it?` };
  }
  if (local) return { name, status: 'warn', detail: `${reached}, but ${host} is local: Microsoft Graph and Pub/Sub cannot push to it. Set PUBLIC_URL to a public https:// address.` };
  if (!base.startsWith('https://')) return { name, status: 'warn', detail: `${reached}, but over plain HTTP: Microsoft Graph only notifies https:// URLs. Terminate TLS in front of MailWarden.` };
  return { name, status: 'ok', detail: `${reached} over HTTPS.` };
}
