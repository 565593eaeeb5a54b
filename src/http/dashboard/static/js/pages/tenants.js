import { api, csrfToken, t } from '../api.js';
import { clear, empty, h, pageHead, table, timeCell, toast } from '../dom.js';

/** Tenants and their connection state, the selected tenant's mailboxes, and the two onboarding entry points. */
export async function renderTenants(main, { tenantId }) {
  const [{ items }, mailboxes] = await Promise.all([api('/tenants'), tenantId ? api(t(tenantId, '/mailboxes')) : Promise.resolve({ items: [] })]);
  // Entra ID admin consent is a full-page redirect chain (/onboard/m365 → login.microsoftonline.com → callback).
  const m365 = h('a', { class: 'btn primary', href: '/onboard/m365', id: 'connect-m365' }, 'Connect Microsoft 365');
  const googleBtn = h('button', { type: 'button', class: 'btn', id: 'connect-google', 'aria-expanded': 'false', 'aria-controls': 'google-form' }, 'Connect Google Workspace');
  const gform = googleForm();
  googleBtn.addEventListener('click', () => {
    gform.hidden = !gform.hidden;
    googleBtn.setAttribute('aria-expanded', String(!gform.hidden));
    if (!gform.hidden) gform.querySelector('input')?.focus();
  });
  main.append(
    pageHead('Tenants', m365, googleBtn),
    gform,
    h('section', { class: 'panel' }, items.length ? table([
      { label: 'Tenant', cell: (x) => h('strong', {}, x.name) },
      { label: 'Id', cell: (x) => h('code', {}, x.id) },
      { label: 'Provider', cell: (x) => providerName(x.provider) },
      { label: 'Mode', cell: (x) => h('span', { class: `badge mode-${x.mode}` }, x.mode) },
      { label: 'Mailboxes', class: 'num', cell: (x) => `${x.connection.enabled} / ${x.connection.mailboxes}` },
      { label: 'Subscriptions', class: 'num', cell: (x) => x.connection.subscriptions },
      { label: 'Next renewal', cell: (x) => timeCell(x.connection.nextExpiry) },
      { label: 'Last sync', cell: (x) => timeCell(x.connection.lastSyncAt) },
      { label: 'Your role', cell: (x) => x.role },
    ], items, { caption: 'Tenants' }) : empty('No tenants yet: connect one above.')),
    tenantId ? h('section', { class: 'panel' }, h('h2', {}, `Mailboxes of ${tenantId}`), mailboxes.items.length ? table([
      { label: 'Address', cell: (m) => m.address },
      { label: 'Name', cell: (m) => m.displayName ?? '—' },
      // hold | post-delivery | monitor | broken | off; the detail says why when it is not what the policy asks for.
      { label: 'Protection', cell: (m) => h('span', { class: `badge mode-${m.protection}`, title: m.protectionDetail ?? '' }, m.protection) },
      { label: 'Detail', cell: (m) => m.protectionDetail ? h('span', { class: 'muted' }, m.protectionDetail) : '—' },
      { label: 'Subscription expires', cell: (m) => timeCell(m.subscriptionExpiresAt) },
      { label: 'Last sync', cell: (m) => timeCell(m.lastSyncAt) },
    ], mailboxes.items, { caption: 'Mailboxes' }) : empty('No mailboxes.')) : null,
  );
}

function providerName(p) {
  return { m365: 'Microsoft 365', google: 'Google Workspace', memory: 'In-memory (development)' }[p] ?? p;
}

/** Google Workspace onboarding: domain-wide delegation is granted by the customer first; we then check scopes and watch every mailbox. */
function googleForm() {
  const domain = h('input', { id: 'g-domain', name: 'domain', required: true, placeholder: 'example.com' });
  const admin = h('input', { id: 'g-admin', name: 'adminEmail', type: 'email', required: true, placeholder: 'admin@example.com' });
  const name = h('input', { id: 'g-name', name: 'name', placeholder: 'Example Ltd' });
  const out = h('div', { class: 'result', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Connect');
  const form = h('form', { class: 'panel onboarding', id: 'google-form', hidden: true, 'aria-label': 'Connect Google Workspace' },
    h('h2', {}, 'Connect Google Workspace'),
    h('p', { class: 'muted' }, 'First grant MailWarden\'s service account domain-wide delegation in the Admin console (Security → API controls), then enter the primary domain and a super-admin address.'),
    h('div', { class: 'form-row' },
      h('label', { class: 'field' }, h('span', {}, 'Primary domain'), domain),
      h('label', { class: 'field' }, h('span', {}, 'Super-admin email'), admin),
      h('label', { class: 'field' }, h('span', {}, 'Display name (optional)'), name), submit),
    out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    clear(out);
    try {
      const res = await fetch('/onboard/google', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() ?? '' }, body: JSON.stringify({ domain: domain.value, adminEmail: admin.value, ...(name.value ? { name: name.value } : {}) }) });
      const r = await res.json().catch(() => ({}));
      if (res.ok) {
        out.append(`Connected: ${r.mailboxes?.watched ?? 0} of ${r.mailboxes?.total ?? 0} mailboxes watched.`);
        toast('Google Workspace connected');
      } else if (r.missingScopes?.length) out.append(`Delegation incomplete, missing scopes: ${r.missingScopes.join(', ')}`);
      else out.append(`Could not connect: ${r.error ?? `HTTP ${res.status}`}`);
    } catch (err) {
      out.append(`Could not connect: ${err.message}`);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
