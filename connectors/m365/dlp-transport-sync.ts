/**
 * Plans and applies MailWarden's DLP rules as Exchange Online transport rules. Idempotent: a rule whose marker
 * hash and readable fields match is kept; one we made that the policy no longer has is removed; one the admin
 * deleted is recreated; rules we did not make are never changed.
 */
import type { DlpPlanItem, DlpRuleSpec } from '../../src/core/provider.ts';
import type { ExchangeAdminClient } from './dlp-exchange-client.ts';
import { desiredTransportRule, driftOf, markerOf, type DesiredTransportRule } from './dlp-transport-spec.ts';

type Rule = Record<string, unknown>;

interface Step {
  item: DlpPlanItem;
  run?: () => Promise<unknown>;
}

const identity = (r: Rule) => String(r.Guid ?? r.Identity ?? r.Name);

function describe(d: DesiredTransportRule): string {
  const p = d.params;
  const what = [
    ...(p.MessageContainsDataClassifications ?? []).map((c) => c.Name),
    ...(p.SubjectOrBodyMatchesPatterns?.length ? [`${p.SubjectOrBodyMatchesPatterns.length} pattern(s)`] : []),
    ...(p.SubjectOrBodyContainsWords?.length ? [`${p.SubjectOrBodyContainsWords.length} word(s)`] : []),
  ].join(', ');
  const action = p.RejectMessageReasonText ? 'reject 5.7.1' : p.NotifySender ? 'notify sender' : `audit (${p.SetAuditSeverity})`;
  return `transport rule "${d.name}": outbound mail with ${what} → ${action}${d.notes.length ? `; ${d.notes.join('; ')}` : ''}`;
}

export async function syncTransportRules(client: ExchangeAdminClient, specs: DlpRuleSpec[], apply: boolean): Promise<DlpPlanItem[]> {
  const existing = await client.invoke('Get-TransportRule');
  const ours = new Map<string, Rule>();
  const names = new Map<string, Rule>();
  for (const r of existing) {
    names.set(String(r.Name ?? '').toLowerCase(), r);
    const m = markerOf(r);
    if (m) ours.set(m.key, r);
  }
  const steps: Step[] = [];
  for (const spec of specs) {
    const want = desiredTransportRule(spec);
    const have = ours.get(spec.name);
    if (!have) {
      const clash = names.get(want.name.toLowerCase());
      if (clash) {
        steps.push({ item: { op: 'keep', name: spec.name, detail: `conflict: a transport rule named "${want.name}" exists and was not made by MailWarden; left unchanged, this rule is not installed` } });
        continue;
      }
      steps.push({ item: { op: 'create', name: spec.name, detail: describe(want) }, run: () => client.invoke('New-TransportRule', { Name: want.name, Comments: want.comments, ...want.params }) });
      continue;
    }
    const marker = markerOf(have)!;
    const drift = driftOf(have, want.params);
    if (marker.hash === want.hash && drift.length === 0) {
      const disabled = String(have.State ?? 'Enabled') === 'Disabled';
      steps.push({ item: { op: 'keep', name: spec.name, detail: disabled ? `${describe(want)} (disabled in Exchange by an admin; left disabled)` : describe(want) } });
      continue;
    }
    const why = marker.hash !== want.hash ? 'policy changed' : `edited in Exchange (${drift.join(', ')})`;
    // Set-TransportRule replaces what it is given; conditions we no longer want are cleared with null.
    const clear = { MessageContainsDataClassifications: null, SubjectOrBodyMatchesPatterns: null, SubjectOrBodyContainsWords: null, RejectMessageReasonText: null, RejectMessageEnhancedStatusCode: null, NotifySender: null };
    steps.push({ item: { op: 'update', name: spec.name, detail: `${describe(want)} [${why}]` }, run: () => client.invoke('Set-TransportRule', { Identity: identity(have), Name: want.name, Comments: want.comments, ...clear, ...want.params }) });
  }
  const wanted = new Set(specs.map((s) => s.name));
  for (const [key, rule] of ours) {
    if (wanted.has(key)) continue;
    steps.push({ item: { op: 'delete', name: key, detail: `transport rule "${String(rule.Name)}": no longer in the policy` }, run: () => client.invoke('Remove-TransportRule', { Identity: identity(rule), Confirm: false }) });
  }
  if (apply) for (const s of steps) if (s.run) await s.run();
  return steps.map((s) => s.item);
}
