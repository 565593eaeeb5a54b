import { gmail_v1 } from 'googleapis/build/src/apis/gmail/v1.js';
import { delegatedJwt } from '../../../connectors/google/auth.ts';
import type { GoogleWorld } from './google-world.ts';

/** A googleapis Gmail client for `subject` with exactly `scopes`, through the production auth seam. */
export function gmailAs(w: GoogleWorld, subject: string, scopes = ['https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.settings.basic']): gmail_v1.Gmail {
  return new gmail_v1.Gmail({ auth: delegatedJwt(w.sa, subject, scopes, w.emu.tokenUrl) as never, rootUrl: w.emu.url });
}

/** The status and Google `reason` of a failed call, or null when it succeeded. */
export async function failure(p: Promise<unknown>): Promise<{ status: number; reason: string } | null> {
  const e = (await p.then(() => null, (err: unknown) => err)) as { response?: { status: number; data: { error: { errors: { reason: string }[] } } } } | null;
  return e?.response ? { status: e.response.status, reason: e.response.data.error.errors[0].reason } : null;
}
