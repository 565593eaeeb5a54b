/**
 * Plans and applies MailWarden's DLP rules as Google Workspace DLP rules and detectors (Cloud Identity Policy
 * API). One plan line per policy rule. Idempotent: unchanged rules are kept; a rule or detector an admin
 * deleted is recreated, one an admin edited is put back; ours the policy dropped are deleted (rule first, then
 * its detectors, which Google will not delete while a rule uses them); policies we did not make are never changed.
 */
import type { DlpPlanItem, DlpRuleSpec } from '../../src/core/provider.ts';
import type { Policy, PolicyApi } from './dlp-policy-client.ts';
import { desiredGoogleRule, markerOfPolicy, REGEX_TYPE, RULE_TYPE, type DesiredRule } from './dlp-google-spec.ts';

export interface GoogleDlpTarget {
  /** `customers/C0…` */
  customer: string;
  /** `orgUnits/…`, or undefined for the customer's top organisational unit. */
  orgUnit?: string;
}

const FILTER = `setting.type.matches("^settings/(rule\\\\.dlp|detector\\\\.regular_expression|detector\\\\.word_list)$")`;
const valueOf = (p: Policy) => (p.setting?.value ?? {}) as Record<string, unknown>;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type Step = () => Promise<void>;

export async function syncGoogleDlp(api: PolicyApi, target: GoogleDlpTarget, specs: DlpRuleSpec[], apply: boolean): Promise<DlpPlanItem[]> {
  // key → part → our policy
  const ours = new Map<string, Map<string, Policy>>();
  for (const p of await api.list(FILTER)) {
    const m = markerOfPolicy(valueOf(p));
    if (!m || !p.name) continue;
    if (!ours.has(m.key)) ours.set(m.key, new Map());
    ours.get(m.key)!.set(m.part, p);
  }
  const envelope = (type: string, value: Record<string, unknown>): Policy => ({ customer: target.customer, ...(target.orgUnit ? { policyQuery: { orgUnit: target.orgUnit } } : {}), setting: { type, value } });
  const items: DlpPlanItem[] = [];
  const steps: Step[] = [];

  for (const spec of specs) {
    const want = desiredGoogleRule(spec);
    const have = ours.get(spec.name) ?? new Map<string, Policy>();
    const changes: string[] = [];
    const names: Record<string, string> = {};
    const detectorSteps: Step[] = [];
    for (const d of want.detectors) {
      const existing = have.get(d.part);
      const body = d.type === REGEX_TYPE ? 'regularExpression' : 'wordList';
      if (existing?.name) names[d.part] = existing.name;
      if (existing?.name && markerOfPolicy(valueOf(existing))!.hash === d.hash && same(valueOf(existing)[body], d.value[body])) continue;
      changes.push(existing ? `update detector ${d.part}` : `create detector ${d.part}`);
      detectorSteps.push(async () => {
        const saved = existing?.name ? await api.patch(existing.name, envelope(d.type, d.value)) : await api.create(envelope(d.type, d.value));
        names[d.part] = saved.name!;
      });
    }
    const rule = have.get('rule');
    const planned = want.value(names);
    const ruleDiffers = !rule || markerOfPolicy(valueOf(rule))!.hash !== want.hash || !same(stripText(valueOf(rule), planned), stripText(planned)) || changes.length > 0;
    if (ruleDiffers) changes.push(rule ? 'update rule' : 'create rule');
    const obsolete = [...have.entries()].filter(([part]) => part !== 'rule' && !want.detectors.some((d) => d.part === part));
    for (const [part] of obsolete) changes.push(`delete detector ${part}`);
    items.push({ op: !rule ? 'create' : changes.length ? 'update' : 'keep', name: spec.name, detail: describe(want, spec, changes) });
    steps.push(async () => {
      for (const s of detectorSteps) await s();
      if (ruleDiffers) {
        const value = want.value(names);
        if (rule?.name) await api.patch(rule.name, envelope(RULE_TYPE, value));
        else await api.create(envelope(RULE_TYPE, value));
      }
      for (const [, p] of obsolete) await api.delete(p.name!);
    });
  }

  const wanted = new Set(specs.map((s) => s.name));
  for (const [key, parts] of ours) {
    if (wanted.has(key)) continue;
    items.push({ op: 'delete', name: key, detail: `Gmail DLP rule "${key}" and ${parts.size - (parts.has('rule') ? 1 : 0)} detector(s): no longer in the policy` });
    steps.push(async () => {
      const rule = parts.get('rule');
      if (rule?.name) await api.delete(rule.name);
      for (const [part, p] of parts) if (part !== 'rule') await api.delete(p.name!);
    });
  }
  if (apply) for (const s of steps) await s();
  return items;
}

/**
 * The parts of a rule compared for drift: the settings we write (those of `like`), but not display name and
 * description, so fields Google adds on read never look like an edit.
 */
function stripText(v: Record<string, unknown>, like: Record<string, unknown> = v): Record<string, unknown> {
  return Object.fromEntries(Object.keys(like).filter((k) => k !== 'displayName' && k !== 'description').sort().map((k) => [k, v[k]]));
}

function describe(want: DesiredRule, spec: DlpRuleSpec, changes: string[]): string {
  const what = spec.patterns.map((g) => (g.kind === 'words' ? `${g.values.length} word(s)` : g.kind === 'regex' ? `${g.values.length} pattern(s)` : g.values.join(', '))).join(' and ');
  const action = spec.action === 'block' ? 'block the message' : spec.action === 'notify' ? 'warn the sender' : 'audit (Alert Center)';
  const extra = [...want.notes, ...changes].join('; ');
  return `Gmail DLP rule "${spec.name}" on send: ${what} → ${action}${extra ? `; ${extra}` : ''}`;
}

