// The dashboard shell: session, tenant picker, hash routes, live feed.
import { api, setCsrf, setUnauthorizedHandler } from './api.js';
import { clear, h } from './dom.js';
import { startLive, stopLive } from './live.js';
import { renderLogin } from './pages/login.js';
import { PAGES } from './pages/index.js';

const state = { me: null, tenantId: null, cleanup: null };
let renders = 0;
/** The hash of the page on screen: a new page opens at its top, a re-render of the same one keeps the scroll. */
let shownHash = null;
const main = document.getElementById('main');

function showChrome(on) {
  document.getElementById('topbar').hidden = !on;
  document.getElementById('sidenav').hidden = !on;
}

async function loadSession() {
  try {
    state.me = await api('/auth/me');
    setCsrf(state.me.csrfToken);
    return true;
  } catch {
    state.me = null;
    return false;
  }
}

function setupChrome() {
  const select = document.getElementById('tenant-select');
  clear(select);
  const tenants = state.me.memberships.filter((m) => m.tenantId !== '*');
  const saved = localStorage.getItem('mw.tenant');
  state.tenantId = tenants.find((m) => m.tenantId === saved)?.tenantId ?? tenants[0]?.tenantId ?? null;
  for (const m of tenants) select.append(h('option', { value: m.tenantId, selected: m.tenantId === state.tenantId }, `${m.tenantId} (${m.role})`));
  select.onchange = () => {
    state.tenantId = select.value;
    localStorage.setItem('mw.tenant', select.value);
    route();
  };
  document.getElementById('who').textContent = state.me.user.email;
  document.getElementById('sign-out').onclick = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => {});
    stopLive();
    state.me = null;
    location.hash = '#/login';
    route();
  };
  showChrome(true);
  startLive(document.getElementById('live-status'));
}

async function route() {
  state.cleanup?.();
  state.cleanup = null;
  const [name = 'overview', ...rest] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!state.me) {
    showChrome(false);
    stopLive();
    renders++;
    clear(main);
    renderLogin(main, async () => {
      await loadSession();
      setupChrome();
      if (location.hash === '#/overview') route();
      else location.hash = '#/overview';
    });
    return;
  }
  const page = PAGES[name] ?? PAGES.overview;
  for (const a of document.querySelectorAll('#sidenav a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Each navigation renders into its own detached container; a slower earlier render that finishes late is dropped.
  const seq = ++renders;
  const view = h('div', { class: 'view' });
  main.setAttribute('aria-busy', 'true');
  if (!state.tenantId && name !== 'users') {
    view.append(h('p', { class: 'empty' }, 'You are not a member of any tenant yet. Ask an owner to add you, or connect one from the Tenants page.'));
  }
  let cleanup = null;
  try {
    const ctx = { tenantId: state.tenantId, me: state.me, rerender: route };
    cleanup = (await page(view, ctx, rest)) ?? null;
  } catch (err) {
    view.append(h('div', { class: 'error', role: 'alert' }, `Could not load this page: ${err.message}`));
  }
  if (seq !== renders) {
    cleanup?.();
    return;
  }
  state.cleanup = cleanup;
  clear(main).append(view);
  if (location.hash !== shownHash) window.scrollTo(0, 0);
  shownHash = location.hash;
  main.removeAttribute('aria-busy');
  document.title = `${document.querySelector('#main h1')?.textContent ?? 'Dashboard'} · MailWarden`;
}

setUnauthorizedHandler(() => {
  if (!state.me) return;
  state.me = null;
  route();
});

window.addEventListener('hashchange', route);
(async () => {
  if (await loadSession()) setupChrome();
  route();
})();
