import { empty, h, table } from '../dom.js';

const ACTIONS = ['audit', 'notify', 'block'];
const ACTION_HINT = { audit: 'recorded only', notify: 'sender warned', block: 'provider rejects it' };
const INCIDENT_ACTIONS = [
  ['alert', 'Alert the security team (email with the masked evidence)'],
  ['notifySender', 'Tell the sender why (a plain-text notice)'],
  ['removeSentCopy', 'Remove the sent copy from the mailbox (a sealed copy stays in the vault; monitor mode only records it)'],
];
/** DLP rules the engine reports that are the tenant's own (patterns, word lists), not built-in detectors. */
const TENANT_RULES = new Set(['DLP_CUSTOM_PATTERN', 'DLP_WORD_LIST']);
/** A built-in detector without an entry in the policy runs, and a hit is recorded only. */
const DEFAULT_BUILTIN = { enabled: true, action: 'audit' };

/**
 * The `dlp` part of the policy: built-in detectors (on/off, action per hit), what an incident triggers, whether the
 * rules are installed in the provider too, and — shown, not edited here — the tenant's patterns and word lists.
 * `dlpRules` are the engine's DLP rules (`/rule-packs`, detector `dlp`): the built-ins and what each finds.
 * `value()` gives the section back with the edits, leaving every key the form does not edit as it was; the server
 * validates it with the policy schema on save.
 */
export function dlpSection(dlp, dlpRules, canEdit) {
  const builtins = Object.entries(dlpRules).filter(([id]) => !TENANT_RULES.has(id));
  const rows = builtins.map(([id, rule]) => {
    const b = dlp.builtins?.[id] ?? DEFAULT_BUILTIN;
    const on = h('input', { type: 'checkbox', id: `dlp-on-${id}`, checked: b.enabled, disabled: !canEdit, 'aria-label': `${id} on` });
    const action = h('select', { id: `dlp-action-${id}`, disabled: !canEdit, 'aria-label': `${id} action` }, ACTIONS.map((a) => h('option', { value: a, selected: b.action === a }, `${a} — ${ACTION_HINT[a]}`)));
    return { id, description: rule.description, on, action };
  });
  const incident = INCIDENT_ACTIONS.map(([name, label]) => ({ name, box: h('input', { type: 'checkbox', id: `dlp-incident-${name}`, checked: (dlp.incidentActions ?? []).includes(name), disabled: !canEdit }), label }));
  const providerRules = h('input', { type: 'checkbox', id: 'dlp-provider-rules', checked: dlp.providerRules !== false, disabled: !canEdit });

  const element = h('fieldset', { id: 'policy-dlp' }, h('legend', {}, 'Outbound DLP'),
    h('p', { class: 'muted small' }, 'Sensitive data in mail your users send. Every hit opens a DLP incident; the action is what the rule installed in the provider does with such a message.'),
    table([
      { label: 'On', cell: (r) => r.on },
      { label: 'Detector', cell: (r) => h('code', { class: 'rule' }, r.id) },
      { label: 'What it finds', cell: (r) => r.description },
      { label: 'Action', cell: (r) => r.action },
    ], rows, { caption: 'Built-in DLP detectors', rowAttrs: (r) => ({ dataset: { builtin: r.id } }) }),
    h('div', { role: 'group', 'aria-labelledby': 'dlp-incident-label' }, h('h3', { id: 'dlp-incident-label' }, 'When an incident opens'),
      incident.map((x) => h('label', { class: 'radio', for: x.box.id }, x.box, ' ', x.label))),
    h('h3', {}, 'Provider rules'),
    h('label', { class: 'radio', for: 'dlp-provider-rules' }, providerRules, ' Install these rules in Microsoft 365 / Google Workspace too (', h('code', {}, 'mailwarden dlp apply'), ')'),
    tenantRules(dlp));

  const value = () => {
    // Entries the policy has keep their place; a detector without one gets one only when it leaves the default.
    const next = { ...(dlp.builtins ?? {}) };
    for (const r of rows) {
      const entry = { enabled: r.on.checked, action: r.action.value };
      if (next[r.id] || entry.enabled !== DEFAULT_BUILTIN.enabled || entry.action !== DEFAULT_BUILTIN.action) next[r.id] = entry;
    }
    const chosen = incident.filter((x) => x.box.checked).map((x) => x.name);
    return { ...dlp, builtins: next, providerRules: providerRules.checked, ...(chosen.length || dlp.incidentActions ? { incidentActions: chosen } : {}) };
  };
  return { element, value };
}

/** The tenant's own patterns and word lists, read-only: they are edited through the API (PUT …/policy). */
function tenantRules(dlp) {
  const patterns = dlp.patterns ?? [];
  const lists = dlp.wordLists ?? [];
  const near = (r) => (r.keywords?.length ? `${r.keywords.join(', ')}${r.proximity ? ` (within ${r.proximity} characters)` : ''}` : '—');
  const words = (w) => (w.length > 8 ? `${w.slice(0, 8).join(', ')} +${w.length - 8} more` : w.join(', '));
  return h('div', { id: 'policy-dlp-tenant' },
    h('h3', {}, `Your patterns (${patterns.length})`),
    patterns.length ? table([
      { label: 'Name', cell: (p) => [p.name, ' ', h('code', {}, p.id)] },
      { label: 'Pattern (RE2)', cell: (p) => h('code', { class: 'pattern' }, p.regex) },
      { label: 'Keywords nearby', cell: near },
      { label: 'Min. count', class: 'num', cell: (p) => String(p.minCount ?? 1) },
      { label: 'Action', cell: (p) => p.action },
    ], patterns, { caption: 'DLP patterns', rowAttrs: (p) => ({ dataset: { pattern: p.id } }) }) : empty('No patterns of your own.'),
    h('h3', {}, `Your word lists (${lists.length})`),
    lists.length ? table([
      { label: 'Name', cell: (l) => [l.name, ' ', h('code', {}, l.id)] },
      { label: 'Words', cell: (l) => words(l.words) },
      { label: 'Min. count', class: 'num', cell: (l) => String(l.minCount ?? 1) },
      { label: 'Action', cell: (l) => l.action },
    ], lists, { caption: 'DLP word lists', rowAttrs: (l) => ({ dataset: { wordList: l.id } }) }) : empty('No word lists of your own.'),
    h('p', { class: 'muted small' }, 'Patterns and word lists are edited through the admin API (PUT /api/v1/tenants/{id}/policy, section dlp); every save is a version below.'));
}

/** What changed in the `dlp` part between two policy versions, one phrase per change. */
export function dlpDiff(a = {}, b = {}) {
  const out = [];
  const ids = new Set([...Object.keys(a.builtins ?? {}), ...Object.keys(b.builtins ?? {})]);
  for (const id of ids) {
    const x = a.builtins?.[id] ?? DEFAULT_BUILTIN;
    const y = b.builtins?.[id] ?? DEFAULT_BUILTIN;
    if (x.enabled !== y.enabled) out.push(`${id} ${y.enabled ? 'on' : 'off'}`);
    if (x.action !== y.action) out.push(`${id}: ${x.action} → ${y.action}`);
  }
  const acts = (d) => (d.incidentActions?.length ? d.incidentActions.join(', ') : 'record only');
  if (acts(a) !== acts(b)) out.push(`DLP incidents: ${acts(a)} → ${acts(b)}`);
  if ((a.providerRules !== false) !== (b.providerRules !== false)) out.push(`DLP provider rules ${b.providerRules !== false ? 'on' : 'off'}`);
  for (const [key, noun] of [['patterns', 'DLP pattern'], ['wordLists', 'DLP word list']]) {
    const before = new Map((a[key] ?? []).map((r) => [r.id, JSON.stringify(r)]));
    const after = new Map((b[key] ?? []).map((r) => [r.id, JSON.stringify(r)]));
    for (const [id, r] of after) {
      if (!before.has(id)) out.push(`${noun} + ${id}`);
      else if (before.get(id) !== r) out.push(`${noun} ${id} changed`);
    }
    for (const id of before.keys()) if (!after.has(id)) out.push(`${noun} − ${id}`);
  }
  return out;
}
