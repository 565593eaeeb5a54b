import { api, setCsrf } from '../api.js';
import { h } from '../dom.js';

/**
 * The sign-in form: POST /api/v1/auth/login sets the session cookie and returns the CSRF token. Configured
 * identity providers add "Sign in with …" links: a full-page navigation through /api/v1/auth/oidc/<id>/start,
 * which comes back to / with the session cookie set.
 */
export function renderLogin(main, onSignedIn) {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const email = h('input', { id: 'login-email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Sign in');
  const form = h('form', { class: 'login-card', 'aria-labelledby': 'login-title' },
    h('div', { class: 'brand big' }, h('img', { src: '/static/favicon.svg', alt: '', width: 36, height: 36 }), 'MailWarden'),
    h('h1', { id: 'login-title' }, 'Sign in'),
    h('label', { for: 'login-email' }, 'Email'), email,
    h('label', { for: 'login-password' }, 'Password'), password,
    error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const r = await api('/auth/login', { method: 'POST', body: { email: email.value, password: password.value } });
      setCsrf(r.csrfToken);
      await onSignedIn();
    } catch (err) {
      error.textContent = err.status === 429 ? 'Too many attempts. Wait a few minutes and try again.' : err.status === 401 ? 'Wrong email or password.' : `Sign-in failed (${err.message}).`;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  const sso = h('div', { class: 'login-sso' });
  form.append(sso);
  main.append(h('div', { class: 'login-wrap' }, form));
  email.focus();
  api('/auth/oidc/providers').then((r) => {
    if (!r.providers.length) return;
    sso.append(h('p', { class: 'login-or' }, 'or'), ...r.providers.map((p) => h('a', { class: 'btn', href: p.startUrl, dataset: { provider: p.id } }, p.label)));
  }).catch(() => {});
}
