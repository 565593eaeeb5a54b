import { api, t } from '../api.js';
import { empty, h, pageHead, table, timeCell, toast } from '../dom.js';
import { dlpDiff, dlpSection } from './policy-dlp.js';

const VERDICTS = ['malware', 'phishing', 'bec', 'spam', 'suspicious', 'clean'];
const ACTIONS = ['none', 'tag', 'junk', 'quarantine', 'trash', 'purge'];

/**
 * Policy editor: mode and inline hold, an action per verdict, minimum score, tag label, sender lists, outbound DLP;
 * versions come from the audit log.
 */
export async function renderPolicy(main, ctx) {
  const { tenantId, me } = ctx;
  if (!tenantId) return;
  const [policy, versions, packs] = await Promise.all([api(t(tenantId, '/policy')), api(t(tenantId, '/policy/versions'), { query: { limit: 20 } }), api('/rule-packs')]);
  const role = me.memberships.find((m) => m.tenantId === tenantId)?.role ?? me.memberships.find((m) => m.tenantId === '*')?.role;
  const canEdit = role === 'admin' || role === 'owner';
  const mode = ['monitor', 'enforce'].map((m) => h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'mode', value: m, checked: policy.mode === m, disabled: !canEdit }), ' ', m === 'monitor' ? 'Monitor — record what would be done, touch nothing' : 'Enforce — act on mailboxes'));
  // Inline hold: a provider-side rule keeps new mail out of the inbox until its verdict (enforce mode only).
  const hold = h('input', { id: 'p-hold', type: 'checkbox', checked: policy.hold === true, disabled: !canEdit });
  const selects = Object.fromEntries(VERDICTS.map((v) => [v, h('select', { id: `p-${v}`, disabled: !canEdit }, ACTIONS.map((a) => h('option', { value: a, selected: policy.actions[v] === a }, a)))]));
  const minScore = h('input', { id: 'p-min', type: 'number', min: 0, max: 1000, step: '0.5', value: policy.minScore, disabled: !canEdit });
  const tag = h('input', { id: 'p-tag', value: policy.tag, maxlength: 64, disabled: !canEdit });
  // Sender lists, one entry per line; an address has an @, anything else is a domain.
  const list = (id, l) => h('textarea', { id, rows: 4, cols: 36, disabled: !canEdit, spellcheck: 'false' }, [...(l?.addresses ?? []), ...(l?.domains ?? [])].join('\n'));
  const allow = list('p-allow', policy.allow);
  const block = list('p-block', policy.block);
  const dlpRules = Object.fromEntries((packs.items.find((p) => p.id === 'dlp')?.rules ?? []).map((r) => [r.id, r]));
  const dlp = dlpSection(policy.dlp ?? {}, dlpRules, canEdit);
  const parseList = (ta) => {
    const entries = ta.value.split(/[\s,]+/).map((x) => x.trim().toLowerCase()).filter(Boolean);
    return { addresses: entries.filter((e) => e.includes('@')), domains: entries.filter((e) => !e.includes('@')) };
  };
  const form = h('form', { class: 'panel policy-form', 'aria-label': 'Policy' },
    h('fieldset', {}, h('legend', {}, 'Mode'), mode,
      h('label', { class: 'radio', for: 'p-hold' }, hold, ' Inline hold — new mail waits out of the inbox until it is scanned (enforce mode; released unscanned if MailWarden is down)')),
    h('fieldset', {}, h('legend', {}, 'Action per verdict'), h('div', { class: 'verdict-grid' }, VERDICTS.map((v) => h('label', { class: 'field', for: `p-${v}` }, h('span', { class: `badge v-${v}` }, v), selects[v])))),
    h('div', { class: 'form-row' }, h('label', { class: 'field' }, h('span', {}, 'Minimum score to act'), minScore), h('label', { class: 'field' }, h('span', {}, 'Tag label'), tag)),
    h('div', { class: 'form-row' },
      h('label', { class: 'field' }, h('span', {}, 'Allowed senders (addresses or domains; honoured only when authenticated)'), allow),
      h('label', { class: 'field' }, h('span', {}, 'Blocked senders (addresses or domains)'), block)),
    dlp.element,
    canEdit ? h('button', { type: 'submit', class: 'btn primary' }, 'Save policy') : h('p', { class: 'muted' }, 'Only admins and owners can change the policy.'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // PUT replaces the policy: keys this form does not edit (thresholds, groups, rule weights…) go back unchanged.
    const body = {
      ...policy,
      allow: parseList(allow),
      block: parseList(block),
      mode: form.querySelector('input[name=mode]:checked').value,
      hold: hold.checked,
      actions: Object.fromEntries(VERDICTS.map((v) => [v, selects[v].value])),
      minScore: Number(minScore.value),
      tag: tag.value,
      dlp: dlp.value(),
    };
    try {
      await api(t(tenantId, '/policy'), { method: 'PUT', body });
      toast('Policy saved');
      ctx.rerender();
    } catch (err) {
      toast(`Not saved: ${err.body?.detail ?? err.body?.issues?.map((i) => `${i.path} ${i.message}`).join('; ') ?? err.message}`, 'bad');
    }
  });
  main.append(pageHead('Policy'), form, h('section', { class: 'panel', id: 'policy-versions' }, h('h2', {}, 'Versions'),
    versions.items.length ? table([
      { label: 'When', cell: (v) => timeCell(v.at) },
      { label: 'By', cell: (v) => v.actor },
      { label: 'Change', cell: (v) => diff(v.detail?.previous, v.detail?.policy) },
    ], versions.items, { caption: 'Policy versions' }) : empty('The default policy has never been edited.')));
}

function diff(a, b) {
  if (!a || !b) return '—';
  const out = [];
  if (a.mode !== b.mode) out.push(`mode ${a.mode} → ${b.mode}`);
  if (Boolean(a.hold) !== Boolean(b.hold)) out.push(`inline hold ${a.hold ? 'on' : 'off'} → ${b.hold ? 'on' : 'off'}`);
  for (const v of VERDICTS) if (a.actions?.[v] !== b.actions?.[v]) out.push(`${v}: ${a.actions?.[v]} → ${b.actions?.[v]}`);
  if (a.minScore !== b.minScore) out.push(`min score ${a.minScore} → ${b.minScore}`);
  if (a.tag !== b.tag) out.push(`tag "${a.tag}" → "${b.tag}"`);
  for (const key of ['allow', 'block']) {
    const before = new Set([...(a[key]?.addresses ?? []), ...(a[key]?.domains ?? [])]);
    const after = new Set([...(b[key]?.addresses ?? []), ...(b[key]?.domains ?? [])]);
    for (const x of after) if (!before.has(x)) out.push(`${key} + ${x}`);
    for (const x of before) if (!after.has(x)) out.push(`${key} − ${x}`);
  }
  out.push(...dlpDiff(a.dlp, b.dlp));
  const shown = new Set(['mode', 'hold', 'actions', 'minScore', 'tag', 'allow', 'block', 'dlp']);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!shown.has(key) && JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(`${key} changed`);
  }
  return out.join('; ') || 'no change';
}
