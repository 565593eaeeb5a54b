import type { Response } from 'express';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Page texts per refusal: what happened and what to do, never a token or a stack. */
export const REFUSAL_TEXT: Record<string, { title: string; body: string }> = {
  unknown_user: { title: 'No MailWarden account', body: 'You signed in as %s, but no MailWarden user has this address. MailWarden does not create accounts on sign-in: ask an administrator to add you, then try again.' },
  user_disabled: { title: 'Account disabled', body: 'The MailWarden account %s is disabled. Ask an administrator.' },
  tenant_not_allowed: { title: 'Directory not allowed', body: 'Your Microsoft account belongs to a directory (%s) that may not sign in to this MailWarden.' },
  email_unverified: { title: 'Email not verified', body: 'The identity provider did not vouch for your email address (%s).' },
  domain_not_allowed: { title: 'Domain not allowed', body: 'Accounts of %s may not sign in to this MailWarden.' },
  identity_conflict: { title: 'Account already linked', body: 'The MailWarden account %s is linked to another person of your directory. Ask an administrator.' },
  invalid_response: { title: 'Sign-in failed', body: 'The answer of the identity provider could not be verified (%s). Nothing was signed in; start again from the sign-in page.' },
  expired: { title: 'Sign-in expired', body: 'This sign-in was started too long ago, in another browser, or already finished (%s). Start again from the sign-in page.' },
  provider_error: { title: 'Sign-in cancelled', body: 'The identity provider answered: %s.' },
  unavailable: { title: 'Identity provider unreachable', body: 'MailWarden could not reach the identity provider (%s). Try again in a moment.' },
};

/** A small static HTML page (the dashboard's stylesheet, no script) explaining why sign-in did not happen. */
export function sendRefusal(res: Response, status: number, reason: string, detail: string): void {
  const t = REFUSAL_TEXT[reason] ?? REFUSAL_TEXT.invalid_response!;
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(t.title)} · MailWarden</title><link rel="stylesheet" href="/static/app.css"><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>` +
        `<body><main class="login-wrap"><div class="login-card" role="alert" data-reason="${esc(reason)}"><h1>${esc(t.title)}</h1>` +
        `<p>${esc(t.body).replace('%s', `<strong>${esc(detail)}</strong>`)}</p><a class="btn primary" href="/">Back to sign-in</a></div></main></body></html>`,
    );
}
