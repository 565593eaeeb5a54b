import { api, t } from '../api.js';
import { clear, empty, fmtTime, h, pageHead, table, timeCell, toast } from '../dom.js';

const ROLES = ['viewer', 'analyst', 'admin', 'owner'];

/** Users of the tenant with their roles (admins), and the caller's own API tokens (secret shown once). */
export async function renderUsers(main, ctx) {
  const { tenantId } = ctx;
  main.append(pageHead('Users & API tokens'));
  if (tenantId) {
    const section = h('section', { class: 'panel' }, h('h2', {}, `Users of ${tenantId}`));
    main.append(section);
    try {
      const { items } = await api(t(tenantId, '/members'));
      section.append(table([
        { label: 'Email', cell: (u) => u.email },
        { label: 'Role', cell: (u) => h('span', { class: 'badge' }, u.role) },
        { label: 'Since', cell: (u) => timeCell(u.createdAt) },
        { label: 'Status', cell: (u) => (u.disabled ? 'disabled' : 'active') },
        { label: '', cell: (u) => (u.id === ctx.me.user.id ? h('span', { class: 'muted' }, 'you') : h('button', { type: 'button', class: 'btn ghost small', onclick: () => remove(u) }, 'Remove')) },
      ], items, { caption: 'Users' }), addForm());
    } catch (err) {
      section.append(h('p', { class: 'muted' }, err.status === 403 ? 'Only admins and owners see the tenant\'s users.' : err.message));
    }
  }
  const tokens = h('section', { class: 'panel' }, h('h2', {}, 'Your API tokens'));
  main.append(tokens);
  await drawTokens(tokens);

  async function remove(u) {
    if (!confirm(`Remove ${u.email} from ${tenantId}?`)) return;
    await api(t(tenantId, `/members/${u.id}`), { method: 'DELETE' }).then(() => toast('Removed'), (e) => toast(e.message, 'bad'));
    ctx.rerender();
  }

  function addForm() {
    const email = h('input', { type: 'email', required: true, id: 'm-email' });
    const role = h('select', { id: 'm-role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'analyst' }, r)));
    const password = h('input', { type: 'password', id: 'm-password', minlength: 12, autocomplete: 'new-password', placeholder: 'for a new local account' });
    const form = h('form', { class: 'form-row', 'aria-label': 'Add user' },
      h('label', { class: 'field' }, h('span', {}, 'Email'), email), h('label', { class: 'field' }, h('span', {}, 'Role'), role),
      h('label', { class: 'field' }, h('span', {}, 'Initial password'), password), h('button', { type: 'submit', class: 'btn' }, 'Add or change role'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api(t(tenantId, '/members'), { method: 'POST', body: { email: email.value, role: role.value, ...(password.value ? { password: password.value } : {}) } });
        toast('Saved');
        ctx.rerender();
      } catch (err) {
        toast(`Not saved: ${err.message}`, 'bad');
      }
    });
    return form;
  }
}

async function drawTokens(section) {
  const { items } = await api('/me/tokens');
  const name = h('input', { id: 'tok-name', required: true, maxlength: 80, placeholder: 'e.g. SIEM export' });
  const reveal = h('div', { class: 'reveal', role: 'status' });
  const form = h('form', { class: 'form-row', 'aria-label': 'Create API token' }, h('label', { class: 'field' }, h('span', {}, 'Token name'), name), h('button', { type: 'submit', class: 'btn' }, 'Create token'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const tok = await api('/me/tokens', { method: 'POST', body: { name: name.value } });
    await drawAgain();
    reveal.append(h('p', {}, 'Copy this token now; it will not be shown again:'), h('code', { class: 'secret' }, tok.token));
  });
  const list = h('div');
  section.append(list, form, reveal);
  const drawAgain = async () => {
    const fresh = (await api('/me/tokens')).items;
    draw(fresh);
  };
  const draw = (rows) => {
    clear(list).append(rows.length ? table([
      { label: 'Name', cell: (x) => x.name },
      { label: 'Created', cell: (x) => timeCell(x.createdAt) },
      { label: 'Last used', cell: (x) => timeCell(x.lastUsedAt) },
      { label: 'Status', cell: (x) => (x.revokedAt ? `revoked ${fmtTime(x.revokedAt)}` : 'active') },
      { label: '', cell: (x) => (x.revokedAt ? '' : h('button', { type: 'button', class: 'btn ghost small', onclick: async () => { await api(`/me/tokens/${x.id}`, { method: 'DELETE' }); clear(reveal); await drawAgain(); } }, 'Revoke')) },
    ], rows, { caption: 'API tokens' }) : empty('No tokens. Tokens let scripts call the API as you (Authorization: Bearer …).'));
  };
  draw(items);
}
