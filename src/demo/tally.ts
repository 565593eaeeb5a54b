/**
 * What became of the delivered messages: verdicts read back from the store, quarantine read from the
 * emulated mailboxes themselves (the effect a user would see), DLP findings on outbound mail.
 */
import type { VerdictKind } from '../core/verdict.ts';
import type { Store } from '../store/store.ts';
import { MALICIOUS_KINDS } from './mail/index.ts';
import type { Delivered } from './traffic.ts';

export interface Outcome {
  delivered: Delivered;
  verdict: VerdictKind;
  /** Categories with a score (e.g. dlp on outbound mail). */
  categories: string[];
  rules: string[];
}

export interface Tally {
  delivered: number;
  scanned: number;
  byVerdict: Partial<Record<VerdictKind, number>>;
  quarantined: number;
  dlpIncidents: number;
  /** Threat kinds the engine called clean, and legitimate kinds it did not: shown, never hidden. */
  missed: number;
  falsePositives: number;
}

export class DemoTally {
  readonly outcomes = new Map<string, Outcome>();
  private readonly pending: Delivered[] = [];
  private count = 0;

  constructor(private readonly store: Store) {}

  add(d: Delivered): void {
    this.pending.push(d);
    this.count++;
  }

  /** Reads the verdicts that arrived since the last call. */
  async refresh(): Promise<void> {
    const still: Delivered[] = [];
    for (const d of this.pending) {
      const stored = await this.store.messages.verdict(d.key);
      if (!stored) {
        still.push(d);
        continue;
      }
      const v = stored.verdict;
      this.outcomes.set(d.key, {
        delivered: d, verdict: v.verdict,
        categories: Object.entries(v.categories).filter(([, s]) => (s ?? 0) > 0).map(([c]) => c),
        rules: v.findings.map((f) => f.rule),
      });
    }
    this.pending.splice(0, this.pending.length, ...still);
  }

  summary(): Tally {
    const t: Tally = { delivered: this.count, scanned: this.outcomes.size, byVerdict: {}, quarantined: 0, dlpIncidents: 0, missed: 0, falsePositives: 0 };
    for (const o of this.outcomes.values()) {
      t.byVerdict[o.verdict] = (t.byVerdict[o.verdict] ?? 0) + 1;
      if (o.delivered.quarantined()) t.quarantined++;
      if (o.delivered.outbound && o.categories.includes('dlp')) t.dlpIncidents++;
      const malicious = MALICIOUS_KINDS.has(o.delivered.kind);
      if (malicious && o.verdict === 'clean') t.missed++;
      if (!malicious && !o.delivered.outbound && o.verdict !== 'clean') t.falsePositives++;
    }
    return t;
  }
}

/** One progress line for the terminal. */
export function formatTally(t: Tally): string {
  const verdicts = Object.entries(t.byVerdict).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ');
  return `delivered ${t.delivered} · scanned ${t.scanned} (${verdicts || 'none yet'}) · quarantined ${t.quarantined} · DLP ${t.dlpIncidents}` +
    (t.missed || t.falsePositives ? ` · missed ${t.missed} · false positives ${t.falsePositives}` : '');
}
